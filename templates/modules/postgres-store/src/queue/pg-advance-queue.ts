import { PgBoss, type Queue } from "pg-boss";
import { compactError } from "../agent/errors.ts";
import type { AdvanceQueue } from "../store/index.ts";
import { CONNECT_TIMEOUT_MS } from "../store/pg-connect.ts";

/** Jobs that say "run this thread forward". */
export const ADVANCE_QUEUE = "advance-thread";
/** Where pg-boss moves an advance job that failed every attempt; a worker then fails its thread. */
export const GAVE_UP_QUEUE = "advance-thread-gave-up";

export interface AdvanceJobData {
  thread_id: string;
}

/**
 * How advance jobs are run. pg-boss runs a job at least once, so a job may run
 * again after a crash: that is safe because advance() works from the stored
 * thread and every write checks its version.
 */
export const ADVANCE_QUEUE_OPTIONS = {
  // One job per thread waiting and one running (jobs are keyed by thread id).
  policy: "stately",
  // A failed attempt is tried again after ~2s, ~4s, ~8s (at most 60s), then given up.
  retryLimit: 3,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 60,
  // A running worker confirms it is alive every 5s; a job whose worker went silent
  // for 10s (killed, frozen, cut off) is handed to another worker.
  heartbeatSeconds: 10,
  // No single advance() may run longer than this, however alive its worker is.
  expireInSeconds: 15 * 60,
  deadLetter: GAVE_UP_QUEUE,
  // Sending a job wakes idle workers at once (with useListenNotify below) instead of at their next poll.
  notify: true,
} satisfies Omit<Queue, "name">;

export interface QueueSettings {
  /** pg-boss keeps its tables in this schema (default "pgboss"). */
  schema?: string;
  /** Overrides of ADVANCE_QUEUE_OPTIONS, e.g. shorter delays in tests. */
  queue?: Partial<Omit<Queue, "name" | "policy" | "deadLetter">>;
  /** How often lost jobs are looked for (default 10s). */
  superviseIntervalSeconds?: number;
}

/** The advance queue on pg-boss, in the database at DATABASE_URL. */
export class PgAdvanceQueue implements AdvanceQueue {
  readonly boss: PgBoss;

  private constructor(boss: PgBoss) {
    this.boss = boss;
  }

  /** Starts pg-boss (creating or upgrading its schema on first use) and creates the queues. */
  static async open(env: NodeJS.ProcessEnv = process.env, settings: QueueSettings = {}): Promise<PgAdvanceQueue> {
    if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set: the job queue lives in PostgreSQL beside the threads");
    const supervise = settings.superviseIntervalSeconds ?? 10;
    const boss = new PgBoss({
      connectionString: env.DATABASE_URL,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      schema: settings.schema ?? "pgboss",
      application_name: "agent-queue",
      superviseIntervalSeconds: supervise,
      monitorIntervalSeconds: supervise,
      schedule: false,
      // One connection per process LISTENs for new jobs. Behind a pooler in transaction
      // mode (PgBouncer) it cannot; pg-boss warns and workers fall back to polling.
      useListenNotify: true,
      // How fresh the backlog count is that tells a worker to keep taking jobs without a pause.
      queueCacheIntervalSeconds: 2,
    });
    // Without a listener an 'error' event would crash the process; pg-boss carries on after one.
    boss.on("error", (error) => console.error(`job queue: ${compactError(error)}`));
    // Operators' news: no LISTEN/NOTIFY (workers only poll), a 10,000-job backlog, a 30 s query.
    boss.on("warning", (warning) => console.warn(`job queue: ${warning.message}`));
    await boss.start();
    try {
      const options = { ...ADVANCE_QUEUE_OPTIONS, ...settings.queue };
      await boss.createQueue(GAVE_UP_QUEUE, { retryLimit: 5, retryDelay: 5, retryBackoff: true });
      await boss.createQueue(ADVANCE_QUEUE, options);
      // createQueue leaves an existing queue as it was: bring its settings in line with this code.
      const { policy: _policy, deadLetter: _deadLetter, ...changeable } = options;
      await boss.updateQueue(ADVANCE_QUEUE, { ...changeable, deadLetter: GAVE_UP_QUEUE });
    } catch (error) {
      await boss.stop({ graceful: false });
      throw error;
    }
    return new PgAdvanceQueue(boss);
  }

  async enqueue(threadId: string): Promise<void> {
    // With the stately policy a second job for a thread that already has one waiting is
    // dropped (send returns null): the waiting job will see everything the second would.
    await this.boss.send(ADVANCE_QUEUE, { thread_id: threadId } satisfies AdvanceJobData, { singletonKey: threadId });
  }

  /** Whether an advance job for the thread is waiting, waiting to retry or running. */
  async hasLiveJob(threadId: string): Promise<boolean> {
    const jobs = await this.boss.findJobs(ADVANCE_QUEUE, { key: threadId });
    return jobs.some((job) => job.state === "created" || job.state === "retry" || job.state === "active");
  }

  /**
   * Stops taking jobs, waits up to `graceMs` for the ones in hand, then releases
   * what is left (pg-boss fails those attempts, so another worker retries them).
   */
  async close(graceMs = 30_000): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: graceMs });
  }
}
