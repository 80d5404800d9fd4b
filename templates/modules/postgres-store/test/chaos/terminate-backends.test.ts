import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startWorker } from "../../src/queue/advance-worker.ts";
import { PgAdvanceQueue } from "../../src/queue/pg-advance-queue.ts";
import { PgThreadStore } from "../../src/store/pg-store.ts";
import { random, scale, seedNote, TIMEOUT_MS } from "../chaos/helpers/chaos.ts";
import { randomTask } from "../chaos/helpers/history.ts";
import { useTestDatabase } from "../helpers/postgres.ts";
import { planModel } from "../helpers/plan-model.ts";
import { chaosTools, connectionTag, driveThroughQueue, endStateProblems, withTag } from "./helpers/pg-chaos.ts";

// PostgreSQL drops every connection of the workers, again and again, while they
// advance a few hundred threads (as a failover or a restarted database does).
// Nothing is restarted by hand: the pools reconnect, pg-boss retries the jobs
// that failed, and each thread still ends exactly as an undisturbed run ends.

const db = useTestDatabase();
const closing: Array<() => Promise<unknown>> = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("pg_terminate_backend, over and over", () => {
  // A job whose last word was lost with its connection waits out its heartbeat (10 s) before it is retried.
  it("every thread reaches its end state, no event twice, and the workers reconnect by themselves", { timeout: Math.max(TIMEOUT_MS, 90_000) }, async () => {
    const rnd = random();
    const schema = await db.fresh();
    const ledger = await mkdtemp(path.join(tmpdir(), "terminate-"));
    dirs.push(ledger);
    const tag = connectionTag();
    const workerEnv = withTag(schema.env, tag);
    // Failed attempts are retried quickly and often: the storm is the test, not the retry budget.
    const settings = { schema: schema.queueSchema, superviseIntervalSeconds: 1, queue: { retryLimit: 100, retryDelay: 1, retryDelayMax: 1 } };

    // The client (untouched by the storm) and the workers (every connection tagged).
    const clientStore = await PgThreadStore.connect(schema.env);
    closing.push(() => clientStore.close());
    const sender = await PgAdvanceQueue.open(schema.env, settings);
    closing.push(() => sender.close(1_000));
    for (let worker = 0; worker < 3; worker++) {
      const store = await PgThreadStore.connect(workerEnv);
      closing.push(() => store.close());
      const queue = await PgAdvanceQueue.open(workerEnv, settings);
      closing.push(() => queue.close(5_000));
      const deps = { model: planModel({ delayMs: () => rnd.int(0, 10) }), store, tools: chaosTools(ledger), maxRetries: 0 };
      await startWorker(queue, deps, { concurrency: 4, pollingIntervalSeconds: 0.5 });
    }

    // Terminate every connection of the workers every 20 to 200 ms.
    let storming = true;
    let storms = 0;
    let terminated = 0;
    const storm = (async () => {
      while (storming) {
        await new Promise((resolve) => setTimeout(resolve, rnd.int(20, 200)));
        // Two steps: in one WHERE clause PostgreSQL may call pg_terminate_backend on rows of other applications.
        const { rows } = await db.admin().query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [tag]);
        const killed = await db.admin().query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [rows.map((r) => r.pid)]);
        storms++;
        terminated += killed.rowCount ?? 0;
      }
    })();

    const tasks = Array.from({ length: scale(30, 300) }, (_, i) => randomTask(rnd, `p${i}`, 4));
    const quiet = console.error;
    console.error = () => {}; // every dropped connection is logged; the figures below say how many
    try {
      await driveThroughQueue(tasks, clientStore, sender, Date.now() + scale(80_000, 1_500_000));
    } finally {
      storming = false;
      await storm;
      console.error = quiet;
    }

    const { problems, events, reruns } = await endStateProblems(tasks, clientStore, ledger);
    expect(problems.slice(0, 10), seedNote("terminate backends")).toEqual([]);
    expect(storms).toBeGreaterThan(5);
    expect(terminated).toBeGreaterThan(storms);
    console.log(
      `terminate backends: ${storms} storms terminated ${terminated} connections during ${tasks.length} threads ` +
        `(${events} events); ${reruns} steps ran again, effects made once; 0 lost, 0 duplicated`,
    );
  });
});
