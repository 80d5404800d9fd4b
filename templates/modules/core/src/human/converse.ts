import { applyAnswer } from "../agent/answer.ts";
import { advance, type AgentDeps } from "../agent/loop.ts";
import { waitingFor } from "../agent/reducer.ts";
import type { Thread } from "../agent/thread.ts";
import type { HumanChannel } from "./channel.ts";

/**
 * Advances the thread and, each time it waits for a human, asks `channel` and
 * goes on, until the thread ends or the channel has no answer (it stays paused).
 * The terminal (npm run dev) and the evals run threads this way.
 */
export async function converse(thread: Thread, deps: AgentDeps, channel: HumanChannel): Promise<Thread> {
  let current = await advance(thread, deps);
  for (let request = waitingFor(current); request; request = waitingFor(current)) {
    const answer = await channel.notify(current, request);
    if (!answer) return current;
    const applied = applyAnswer(current, answer);
    if (!applied.ok) throw new Error(applied.reason);
    const stored = await deps.store.update(applied.thread, current.version);
    const answered = stored.events.at(-1);
    if (answered) deps.onEvent?.(answered, stored);
    current = await advance(stored, deps);
  }
  return current;
}
