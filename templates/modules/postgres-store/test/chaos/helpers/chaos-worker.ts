import { startWorker } from "../../../src/queue/advance-worker.ts";
import { PgAdvanceQueue } from "../../../src/queue/pg-advance-queue.ts";
import { PgThreadStore } from "../../../src/store/pg-store.ts";
import { random } from "../../chaos/helpers/chaos.ts";
import { planModel } from "../../helpers/plan-model.ts";
import { chaosTools } from "./pg-chaos.ts";

// `npm run worker` as src/worker.ts runs it (the store, the queue, startWorker), with
// the test's parts: a model that answers from the thread, and the recording tool,
// whose effects go to LEDGER_DIR and which takes a moment after each effect, so some
// kills land between the effect and its stored result. kill-workers.test.ts starts
// this as a child process and kills it with SIGKILL.
//   DATABASE_URL    the test's schema
//   QUEUE_SCHEMA    pg-boss's schema for this test
//   QUEUE_OPTIONS   JSON: overrides of the queue's options (retries, heartbeat)
//   LEDGER_DIR      where the recording tool's effects go
//   CHAOS_SEED      seeds thinking times

const env = process.env;
if (!env.LEDGER_DIR || !env.QUEUE_SCHEMA) throw new Error("set LEDGER_DIR and QUEUE_SCHEMA");
const rnd = random(Number(env.CHAOS_SEED) || 1);
const store = await PgThreadStore.connect(env);
const queue = await PgAdvanceQueue.open(env, {
  schema: env.QUEUE_SCHEMA,
  superviseIntervalSeconds: 1,
  queue: JSON.parse(env.QUEUE_OPTIONS ?? "{}"),
});
const tools = chaosTools(env.LEDGER_DIR, { afterEffect: () => new Promise((resolve) => setTimeout(resolve, rnd.int(0, 20))) });
await startWorker(queue, { model: planModel({ delayMs: () => rnd.int(0, 5) }), store, tools, maxRetries: 0 }, {
  concurrency: 4,
  pollingIntervalSeconds: 0.5,
});
console.log("working");
