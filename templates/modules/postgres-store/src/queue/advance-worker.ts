import type { Job, JobWithMetadata } from "pg-boss";
import { compactError } from "../agent/errors.ts";
import { event } from "../agent/events.ts";
import { advance, type AgentDeps } from "../agent/loop.ts";
import { reduce } from "../agent/reducer.ts";
import { statusOf, type Thread } from "../agent/thread.ts";
import { VersionConflictError } from "../store/types.ts";
import { ADVANCE_QUEUE, GAVE_UP_QUEUE, type AdvanceJobData, type PgAdvanceQueue } from "./pg-advance-queue.ts";

export interface WorkerOptions {
  /** Threads this process advances at the same time (WORKER_CONCURRENCY). */
  concurrency: number;
  /**
   * How often an idle worker looks for jobs nobody told it about, in seconds (pg-boss's
   * minimum is 0.5). New jobs wake it at once (LISTEN/NOTIFY); this is the backstop.
   */
  pollingIntervalSeconds?: number;
}

/** Takes advance jobs from the queue until queue.close(). */
export async function startWorker(queue: PgAdvanceQueue, deps: AgentDeps, options: WorkerOptions): Promise<void> {
  const interval = options.pollingIntervalSeconds ?? 1;
  const polling = {
    pollingIntervalSeconds: interval,
    notifyPollingIntervalSeconds: interval,
    // While jobs wait, a slot that finishes one takes the next at once instead of
    // sleeping until its next poll (measured in bench/workers.ts: 2 → 9 threads/s per worker).
    burstWhenReadyExceeds: 1,
  };
  await queue.boss.work<AdvanceJobData>(
    ADVANCE_QUEUE,
    { ...polling, batchSize: 1, localConcurrency: options.concurrency },
    async ([job]) => {
      if (!job) return;
      try {
        await advanceThread(job.data.thread_id, deps);
      } catch (error) {
        // pg-boss keeps the error on the job and retries it; say so where operators look.
        console.error(`thread ${job.data.thread_id}: attempt ${job.retryCount + 1} failed: ${compactError(error)}`);
        throw error;
      }
    },
  );
  await queue.boss.work<AdvanceJobData>(GAVE_UP_QUEUE, { ...polling, batchSize: 1, includeMetadata: true }, async ([job]) => {
    if (job) await failThread(job, deps, queue);
  });
}

/**
 * One advance job. Safe to run twice, or after a worker died half-way: it starts
 * from the stored thread, and a thread that is not running has nothing to do.
 */
export async function advanceThread(threadId: string, deps: AgentDeps): Promise<Thread | undefined> {
  const thread = await deps.store.get(threadId);
  if (!thread) {
    console.warn(`advance job for thread ${threadId}: no such thread; nothing to do`);
    return undefined;
  }
  if (statusOf(thread.events) !== "running") return thread;
  try {
    return await advance(thread, deps);
  } catch (error) {
    // Someone else wrote the thread meanwhile (a request, or a worker whose job was
    // handed on). If it has stopped running there is nothing left for this job;
    // otherwise throwing lets pg-boss try again later from the stored thread.
    if (error instanceof VersionConflictError) {
      const now = await deps.store.get(threadId);
      if (now && statusOf(now.events) !== "running") return now;
    }
    throw error;
  }
}

/** Every attempt failed: record that on the thread, so whoever polls it sees `failed` and why. */
async function failThread(job: JobWithMetadata<AdvanceJobData> | Job<AdvanceJobData>, deps: AgentDeps, queue: PgAdvanceQueue): Promise<void> {
  const threadId = job.data.thread_id;
  const thread = await deps.store.get(threadId);
  if (!thread || statusOf(thread.events) !== "running") return;
  // pg-boss also gives up early on a failed job whose thread already has a job waiting to
  // retry (one per thread and state): that job carries the thread on, and fails it if it must.
  if (await queue.hasLiveJob(threadId)) return;
  const attempts = "sourceRetryCount" in job && job.sourceRetryCount !== null ? job.sourceRetryCount + 1 : undefined;
  const lastError = "sourceOutput" in job ? describeOutput(job.sourceOutput) : "unknown error";
  const reduced = reduce(thread, event("failed", {
    reason: `a worker could not advance the thread${attempts ? ` after ${attempts} attempts` : ""}: ${lastError}`,
  }));
  if (!reduced.ok) throw new Error(reduced.reason);
  await deps.store.update(reduced.thread, thread.version);
  console.error(`thread ${threadId} failed: ${lastError}`);
}

/** pg-boss stores a thrown error as a serialized object ({ message, stack, ... }). */
function describeOutput(output: unknown): string {
  if (output && typeof output === "object" && "message" in output && typeof output.message === "string") {
    return compactError(output.message);
  }
  return output === null || output === undefined ? "unknown error" : compactError(JSON.stringify(output));
}
