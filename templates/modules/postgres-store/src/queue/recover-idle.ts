import { compactError } from "../agent/errors.ts";
import type { PgThreadStore } from "../store/pg-store.ts";

/**
 * Long enough that no healthy step looks idle: a model call gives up after 60s
 * (src/agent/next-step.ts), and every event is written as soon as it happens.
 */
export const IDLE_SECONDS = 5 * 60;

/**
 * Carries on the threads a dead process left running. A queued job that dies is
 * handed on by pg-boss; this covers the rest: a server killed in the middle of a
 * synchronous request, or a job that was never queued because its server died
 * between storing the thread and queueing it. Workers and servers both sweep:
 * workers queue what they find, a server without a queue to hand it to advances
 * it itself. Each idle thread goes to one sweeper (see claimIdleRunning).
 */
export function startRecovery(
  store: PgThreadStore,
  carryOn: (threadId: string) => Promise<unknown>,
  options: { idleSeconds?: number; everySeconds?: number } = {},
): { stop(): void } {
  const idleSeconds = options.idleSeconds ?? IDLE_SECONDS;
  const sweep = async () => {
    let ids: string[];
    try {
      ids = await store.claimIdleRunning(idleSeconds);
    } catch (error) {
      console.error(`could not look for threads left running: ${compactError(error)}`);
      return;
    }
    if (ids.length === 0) return;
    console.log(`carrying on ${ids.length} thread(s) left running for over ${idleSeconds}s: ${ids.join(", ")}`);
    const outcomes = await Promise.allSettled(ids.map((id) => carryOn(id)));
    outcomes.forEach((outcome, i) => {
      if (outcome.status === "rejected") console.error(`thread ${ids[i]} could not be carried on: ${compactError(outcome.reason)}`);
    });
  };
  void sweep();
  const timer = setInterval(sweep, (options.everySeconds ?? 60) * 1000);
  return { stop: () => clearInterval(timer) };
}
