import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { MockLanguageModelV4 } from "ai/test";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { newThread } from "../../src/agent/thread.ts";
import { startWorker } from "../../src/queue/advance-worker.ts";
import { ADVANCE_QUEUE, PgAdvanceQueue } from "../../src/queue/pg-advance-queue.ts";
import { PgThreadStore } from "../../src/store/pg-store.ts";
import { VersionConflictError, type ThreadStore } from "../../src/store/types.ts";
import { random, scale, seedNote, TIMEOUT_MS } from "../chaos/helpers/chaos.ts";
import { randomTask } from "../chaos/helpers/history.ts";
import { useTestDatabase } from "../helpers/postgres.ts";
import { planModel } from "../helpers/plan-model.ts";
import { chaosTools, driveThroughQueue, endStateProblems } from "./helpers/pg-chaos.ts";

// Eight workers and a thousand "advance" jobs for ten threads, queued as fast as
// possible while the threads run. pg-boss runs a job at least once, so what keeps
// a thread to one worker at a time is the queue's one-job-per-thread policy, and
// what keeps a step to one run is the thread's version check. Both are checked
// here: from the times each worker was busy with each thread, and from the writes
// the store refused.

const db = useTestDatabase();
const closing: Array<() => Promise<unknown>> = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface Busy {
  worker: number;
  thread: string;
  start: number;
  end: number;
}

/** The plan model, noting when this worker was thinking about which thread. */
function tracedModel(worker: number, busy: Busy[], delayMs: () => number): MockLanguageModelV4 {
  const inner = planModel({ delayMs });
  return new MockLanguageModelV4({
    doGenerate: async (options) => {
      const thread = /task (w\d+)/.exec(JSON.stringify(options.prompt))?.[1] ?? "?";
      const start = performance.now();
      try {
        return await inner.doGenerate(options);
      } finally {
        busy.push({ worker, thread, start, end: performance.now() });
      }
    },
  });
}

/** The store, noting every write it refused for a stale version. */
function tracedStore(store: ThreadStore, refused: string[]): ThreadStore {
  return {
    create: (thread) => store.create(thread),
    get: (id) => store.get(id),
    list: (filter) => store.list(filter),
    update: async (thread, expected) => {
      try {
        return await store.update(thread, expected);
      } catch (error) {
        if (error instanceof VersionConflictError) refused.push(`${thread.id}@${expected}`);
        throw error;
      }
    },
  };
}

/** Pairs of moments two different workers were busy with the same thread. */
function overlaps(busy: readonly Busy[]): string[] {
  const found: string[] = [];
  const byThread = new Map<string, Busy[]>();
  for (const b of busy) byThread.set(b.thread, [...(byThread.get(b.thread) ?? []), b]);
  for (const [thread, spans] of byThread) {
    const sorted = spans.toSorted((a, b) => a.start - b.start);
    let last = sorted[0];
    for (const span of sorted.slice(1)) {
      if (last && span.start < last.end && span.worker !== last.worker) {
        found.push(`${thread}: workers ${last.worker} and ${span.worker} at ${span.start.toFixed(1)} ms`);
      }
      if (!last || span.end > last.end) last = span;
    }
  }
  return found;
}

describe("8 workers, 1,000 jobs over 10 threads", () => {
  it("never advance one thread in two places at once, and duplicate jobs collapse", { timeout: TIMEOUT_MS }, async () => {
    const rnd = random();
    for (let round = scale(1, 3); round > 0; round--) {
      const schema = await db.fresh();
      const ledger = await mkdtemp(path.join(tmpdir(), "workers-race-"));
      dirs.push(ledger);
      const store = await PgThreadStore.connect(schema.env);
      closing.push(() => store.close());
      const settings = { schema: schema.queueSchema, superviseIntervalSeconds: 1 };
      const sender = await PgAdvanceQueue.open(schema.env, settings);
      closing.push(() => sender.close(1_000));

      const busy: Busy[] = [];
      const refused: string[] = [];
      for (let worker = 0; worker < 8; worker++) {
        const queue = await PgAdvanceQueue.open(schema.env, settings);
        closing.push(() => queue.close(5_000));
        const deps = {
          model: tracedModel(worker, busy, () => rnd.int(5, 30)),
          store: tracedStore(store, refused),
          tools: chaosTools(ledger),
          maxRetries: 0,
        };
        await startWorker(queue, deps, { concurrency: 1, pollingIntervalSeconds: 0.5 });
      }

      const tasks = Array.from({ length: 10 }, (_, i) => randomTask(rnd, `w${i}`, 8));
      for (const task of tasks) await store.create(newThread(task.message, new Date(), task.name));
      // The client queues the threads and approves what waits; meanwhile 1,000 jobs pour in.
      const driving = driveThroughQueue(tasks, store, sender, Date.now() + 60_000);
      for (let sent = 0; sent < 1_000; sent += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, i) => sender.enqueue(tasks[(sent + i) % tasks.length]!.name)));
      }
      await driving;

      const { problems, events } = await endStateProblems(tasks, store, ledger);
      expect(problems, seedNote("workers race")).toEqual([]);
      expect(overlaps(busy), seedNote("workers race")).toEqual([]);
      expect(refused, "writes refused: two workers wrote one thread").toEqual([]);
      const { rows } = await db.admin().query<{ jobs: number }>(
        `SELECT count(*)::int AS jobs FROM "${schema.queueSchema}".job WHERE name = $1`,
        [ADVANCE_QUEUE],
      );
      const jobs = rows[0]?.jobs ?? 0;
      // A thread holds at most one waiting job besides the running one: most of the 1,000 collapse.
      expect(jobs).toBeLessThan(500);
      console.log(
        `workers race: 8 workers, 1000 jobs queued for 10 threads, ${jobs} kept (the rest collapsed); ` +
          `${busy.length} model calls, 0 overlapping; ${events} events checked, 0 writes refused`,
      );
      for (const close of closing.splice(0).reverse()) await close();
    }
  });
});
