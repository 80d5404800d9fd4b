import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { PgAdvanceQueue } from "../../src/queue/pg-advance-queue.ts";
import { PgThreadStore } from "../../src/store/pg-store.ts";
import { LONG, random, scale, SEED, seedNote, TIMEOUT_MS } from "../chaos/helpers/chaos.ts";
import { randomTask, type Task } from "../chaos/helpers/history.ts";
import { useTestDatabase } from "../helpers/postgres.ts";
import { driveThroughQueue, endStateProblems } from "./helpers/pg-chaos.ts";

// Workers in child processes, killed with SIGKILL at random moments while a client
// starts threads and approves calls, and started again. A killed worker's jobs go to
// another worker once their heartbeat stops (in the quick run: once they expire after
// 3 s). Afterwards every thread must hold exactly the history of an undisturbed run,
// and every side effect must have happened once.

const workerEntry = fileURLToPath(new URL("./helpers/chaos-worker.ts", import.meta.url));
const db = useTestDatabase();
const closing: Array<() => Promise<unknown>> = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface Worker {
  kill(signal: NodeJS.Signals): void;
  exited: Promise<unknown>;
}

async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<Worker> {
  const child = spawn(process.execPath, [workerEntry], { env, stdio: ["ignore", "pipe", "ignore"] });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("working")) resolve();
    });
    void exited.then(() => reject(new Error("chaos worker exited before it started")));
  });
  return { kill: (signal) => child.kill(signal), exited };
}

describe("SIGKILL to workers at random moments (postgres store)", () => {
  it("loses nothing and does nothing twice", { timeout: Math.max(TIMEOUT_MS, 120_000) }, async () => {
    const rnd = random();
    const schema = await db.fresh();
    const ledger = await mkdtemp(path.join(tmpdir(), "kill-workers-"));
    dirs.push(ledger);
    // The long run keeps the real heartbeat (10 s); the quick one lets a dead worker's job expire after 3 s.
    const queueOptions = LONG
      ? { retryLimit: 50, retryDelay: 1, retryDelayMax: 1 }
      : { retryLimit: 50, retryDelay: 1, retryDelayMax: 1, expireInSeconds: 3 };
    const store = await PgThreadStore.connect(schema.env);
    closing.push(() => store.close());
    const sender = await PgAdvanceQueue.open(schema.env, { schema: schema.queueSchema, superviseIntervalSeconds: 1, queue: queueOptions });
    closing.push(() => sender.close(1_000));
    const env = (n: number): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH ?? "",
      DATABASE_URL: schema.env.DATABASE_URL,
      QUEUE_SCHEMA: schema.queueSchema,
      QUEUE_OPTIONS: JSON.stringify(queueOptions),
      LEDGER_DIR: ledger,
      CHAOS_SEED: String(SEED + n),
    });

    let started = 0;
    const workers: Worker[] = [await startWorkerProcess(env(started++)), await startWorkerProcess(env(started++))];
    closing.push(async () => {
      for (const w of workers) w.kill("SIGKILL");
      await Promise.all(workers.map((w) => w.exited));
    });

    const tasks: Task[] = [];
    const addTasks = (n: number) => {
      for (let i = 0; i < n; i++) tasks.push(randomTask(rnd, `kw${tasks.length}`, 4));
    };
    addTasks(8);
    const target = scale(6, 200);
    let kills = 0;
    let driving = driveThroughQueue([...tasks], store, sender, Infinity);
    while (kills < target) {
      await new Promise((resolve) => setTimeout(resolve, rnd.int(100, 700)));
      const victim = rnd.int(0, workers.length - 1);
      workers[victim]!.kill("SIGKILL");
      await workers[victim]!.exited;
      kills++;
      workers[victim] = await startWorkerProcess(env(started++));
      // Keep the workers busy: more threads once these are done.
      const summaries = await store.list();
      if (summaries.length === tasks.length && summaries.every((s) => s.status !== "running" && s.status !== "awaiting_approval")) {
        await driving;
        addTasks(rnd.int(4, 8));
        driving = driveThroughQueue([...tasks], store, sender, Infinity);
      }
    }
    // Drain: the living workers finish everything, including the jobs of the dead.
    await Promise.race([driving, new Promise((resolve) => setTimeout(resolve, scale(60_000, 300_000)))]);
    await driveThroughQueue(tasks, store, sender, Date.now() + 1_000);

    const { problems, events, reruns, effects } = await endStateProblems(tasks, store, ledger);
    expect(problems.slice(0, 10), seedNote("kill workers")).toEqual([]);
    expect((await store.list()).length).toBe(tasks.length);
    console.log(
      `kill workers: ${kills} SIGKILLs survived; ${tasks.length} threads, ${events} events checked; ` +
        `${reruns} steps ran again, ${effects} effects made once each; 0 lost, 0 duplicated`,
    );
  });
});
