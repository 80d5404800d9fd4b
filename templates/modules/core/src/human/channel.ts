import type { HumanAnswer } from "../agent/answer.ts";
import type { AgentEvent } from "../agent/events.ts";
import { waitingFor, type Waiting } from "../agent/reducer.ts";
import type { Thread } from "../agent/thread.ts";

/**
 * A way to reach the human a paused thread waits for (factor 7): a terminal,
 * a webhook, later Slack or email. The loop never calls a channel; whoever runs
 * the loop does, once advance() returns a thread that waits.
 */
export interface HumanChannel {
  /**
   * Tells a human that `thread` waits for them. A channel that can wait for the
   * answer (a terminal) returns it. One that cannot (a webhook) returns undefined:
   * the answer arrives later through POST /thread/:id/response.
   */
  notify(thread: Thread, request: Waiting): Promise<HumanAnswer | undefined>;
}

/**
 * An `onEvent` hook for AgentDeps that notifies `channel` whenever a thread
 * pauses for a human. A failed notification is reported, never fatal: the thread
 * is already stored and can be answered however the human learns of it.
 */
export function notifyOnPause(
  channel: HumanChannel,
  onError: (error: unknown, thread: Thread) => void = (error, thread) =>
    console.error(`could not notify a human about thread ${thread.id}:`, error),
): (event: AgentEvent, thread: Thread) => void {
  return (_event, thread) => {
    const request = waitingFor(thread);
    if (request) channel.notify(thread, request).catch((error: unknown) => onError(error, thread));
  };
}
