import { compactError } from "../agent/errors.ts";
import type { AdvanceQueue } from "../store/index.ts";
import type { PgThreadStore } from "../store/pg-store.ts";

/**
 * Long enough that no healthy step looks idle: a model call gives up after 60s
 * (src/agent/next-step.ts), and every event is written as soon as it happens.
 */
export const IDLE_SECONDS = 5 * 60;

/**
 * Queues the threads a dead process left running. A queued job that dies is
 * handed on by pg-boss; this covers the rest: a server killed in the middle of
 * a synchronous request, or a job that was never queued because its server died
 * between storing the thread and queueing it. Every worker sweeps; the queue
 * keeps one job per thread however many of them find it.
 */
export function startRecovery(
  store: PgThreadStore,
  queue: AdvanceQueue,
  options: { idleSeconds?: number; everySeconds?: number } = {},
): { stop(): void } {
  const idleSeconds = options.idleSeconds ?? IDLE_SECONDS;
  const sweep = async () => {
    try {
      const ids = await store.idleRunning(idleSeconds);
      for (const id of ids) await queue.enqueue(id);
      if (ids.length > 0) console.log(`queued ${ids.length} thread(s) left running for over ${idleSeconds}s: ${ids.join(", ")}`);
    } catch (error) {
      console.error(`could not look for threads left running: ${compactError(error)}`);
    }
  };
  void sweep();
  const timer = setInterval(sweep, (options.everySeconds ?? 60) * 1000);
  return { stop: () => clearInterval(timer) };
}
