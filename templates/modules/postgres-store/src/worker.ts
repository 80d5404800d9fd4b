import { createModel, missingCredentials, PROVIDER_ID } from "./llm/provider.ts";
import { startWorker } from "./queue/advance-worker.ts";
import { PgAdvanceQueue } from "./queue/pg-advance-queue.ts";
import { createStore } from "./store/index.ts";

// `npm run worker`: advances threads whose work was queued (an HTTP request with
// `Prefer: respond-async`, or any request when the server runs with AGENT_EXECUTION=queue).
// Run as many workers as you like, on any machine that reaches DATABASE_URL:
//   DATABASE_URL        the PostgreSQL database threads and jobs live in
//   WORKER_CONCURRENCY  threads this process advances at the same time (default 4)

const concurrency = Number(process.env.WORKER_CONCURRENCY || 4);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
  console.error(`WORKER_CONCURRENCY=${process.env.WORKER_CONCURRENCY} is not a number of threads; use 1 to 100, or leave it unset for 4.`);
  process.exit(1);
}
const missing = missingCredentials();
if (missing.length > 0) {
  console.warn(`warning: ${missing.join(", ")} not set; calls to ${PROVIDER_ID} will fail until it is (see .env.example).`);
}

// The provider, the database and the queue are all checked before any job is taken.
async function connect() {
  try {
    return { model: createModel(), store: await createStore(), queue: await PgAdvanceQueue.open() };
  } catch (error) {
    console.error(`worker cannot start: ${(error as Error).message ?? error}`);
    process.exit(1);
  }
}
const { model, store, queue } = await connect();
await startWorker(queue, { model, store }, { concurrency });
console.log(`worker advancing threads, ${concurrency} at a time (pid ${process.pid})`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) {
    console.error(`${signal} again: exiting now; unfinished jobs go to another worker once their heartbeat stops.`);
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: taking no more jobs, finishing the ones in hand (send it again to exit now).`);
  await queue.close();
  await store.close?.();
  console.log("stopped.");
}
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("error while stopping:", error);
        process.exit(1);
      },
    );
  });
}
