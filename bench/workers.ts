import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
// Plain JavaScript shared with the runtime part: the question each thread asks and its answer.
import { question } from "./peers/runtime/workload.js";
import { startChild, stopChild } from "./lib/children.ts";
import { databaseUrl as configuredDatabaseUrl, reachable } from "./lib/postgres.ts";
import { NODE, PEERS } from "./lib/paths.ts";
import { buildCli, installedOurProject } from "./lib/setup.ts";
import { median, num, percentile } from "./lib/stats.ts";
import { table } from "./lib/table.ts";
import type { Part } from "./run.ts";

// Part 5: scale-out. A batch of threads through one `npm start` (AGENT_EXECUTION=queue)
// and 1, 2 or 4 `npm run worker` processes on one PostgreSQL database, with the OpenAI
// provider pointed at the fake Responses server (bench/peers/serve/fake-openai.js).
// Each thread: POST /thread (202, queued) → a worker runs multiply and asks approval for
// divide → the human webhook (HUMAN_WEBHOOK_URL, served by this file) approves at once
// through the thread's response_url (202, queued) → a worker runs divide and add and
// answers. 4 model calls and 3 tool runs per thread, 2 jobs. All threads are sent at
// once: the workers drain a backlog, as after a burst of traffic.

/** N worker processes, each with WORKER_CONCURRENCY = concurrency. */
export interface WorkerSetup {
  workers: number;
  concurrency: number;
}

export interface WorkersOptions {
  threads: number;
  setups: readonly WorkerSetup[];
  latencyMs: number;
  rounds: number;
}

interface Drain extends WorkerSetup {
  threads: number;
  seconds: number;
  threadsPerSecond: number;
  completionMs: { p50: number; p99: number; max: number };
  modelCallsPerThread: number;
}

/** POSTs in flight while the batch is sent: enough to send 1,000 threads in a second or two. */
const SENDERS = 16;

export async function workersPart(options: WorkersOptions, log: (line: string) => void): Promise<Part> {
  const baseUrl = configuredDatabaseUrl();
  if (!(await reachable(baseUrl))) {
    throw new Error(`no PostgreSQL server answers at ${baseUrl}; set DATABASE_URL (the workers part needs one)`);
  }
  buildCli(log);
  const project = installedOurProject("postgres", log);

  const runs = new Map<string, Drain[]>(options.setups.map((setup) => [label(setup), []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < options.setups.length; k++) {
      const setup = options.setups[(round + k) % options.setups.length] as WorkerSetup;
      const drain = await drainWith(setup, project, baseUrl, options, log);
      runs.get(label(setup))?.push(drain);
      log(
        `${label(setup)}: ${drain.threads} threads in ${num(drain.seconds)} s, ${num(drain.threadsPerSecond)} threads/s, ` +
          `completion p50 ${num(drain.completionMs.p50 / 1000)} s, p99 ${num(drain.completionMs.p99 / 1000)} s`,
      );
    }
  }

  const rows = options.setups.map((setup) => {
    const done = runs.get(label(setup)) ?? [];
    const tps = median(done.map((d) => d.threadsPerSecond));
    // Each slot advances one thread at a time, and a thread needs 4 model calls.
    const bound = (setup.workers * setup.concurrency) / ((4 * options.latencyMs) / 1000);
    return [
      label(setup),
      num(tps),
      `${num(bound)} (${num((tps / bound) * 100)} %)`,
      num(median(done.map((d) => d.completionMs.p50)) / 1000),
      num(median(done.map((d) => d.completionMs.p99)) / 1000),
      num(median(done.map((d) => d.completionMs.max)) / 1000),
      num(median(done.map((d) => d.modelCallsPerThread))),
      String(done.reduce((s, d) => s + d.threads, 0)),
    ];
  });

  return {
    title: "5. Scale-out: a backlog of threads through 1, 2 and 4 workers, and one worker with 16 slots",
    markdown: [
      "Our postgres-store project: one server (`node src/server.ts` with AGENT_EXECUTION=queue) and N workers " +
        "(`node src/worker.ts`, each advancing WORKER_CONCURRENCY threads at a time) on a fresh database, the OpenAI provider pointed at the " +
        `fake Responses API answering each call after ${options.latencyMs} ms. ${options.threads} threads sent at once (${SENDERS} POSTs in flight); ` +
        "each one queues, pauses for approval of `divide`, is approved at once by the human webhook (served by the bench) through its " +
        "response_url, is queued again and finishes: 2 jobs, 4 model calls, 3 tool runs. Completion time is from just before its " +
        "POST /thread to its `done` event; threads/s is the batch over the time from the first POST to the last `done`. Every answer " +
        `is checked. Medians of ${options.rounds} round(s). Server, workers, fake model, PostgreSQL and the bench share the machine's cores.`,
      "",
      table(
        ["workers × WORKER_CONCURRENCY", "threads/s", "bound: slots ÷ (4 calls × latency) (share reached)", "completion p50 s", "p99 s", "max s", "model calls per thread", "threads checked"],
        rows,
      ),
      "",
      `Command: \`node bench/run.ts workers\` (DATABASE_URL, default ${baseUrl}; the bench creates and drops a database per run).`,
    ].join("\n"),
    data: Object.fromEntries(runs),
  };
}

function label({ workers, concurrency }: WorkerSetup): string {
  return `${workers} worker${workers === 1 ? "" : "s"} × ${concurrency}`;
}

/** One configuration: a fresh database, the processes, the batch, the checks. */
async function drainWith(setup: WorkerSetup, project: string, baseUrl: string, options: WorkersOptions, log: (line: string) => void): Promise<Drain> {
  const { workers, concurrency } = setup;
  const database = await createDatabase(baseUrl);
  const children: ChildProcess[] = [];
  const webhook = new ApprovingWebhook();
  try {
    const fake = startChild(NODE, [path.join(PEERS, "serve", "fake-openai.js"), String(options.latencyMs)], {}, /listening (\S+)/);
    children.push(fake.child);
    const fakeUrl = await fake.ready;
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: database.url,
      OPENAI_BASE_URL: fakeUrl,
      OPENAI_API_KEY: "bench",
      HUMAN_WEBHOOK_URL: await webhook.listen(),
    };
    // The server applies the migrations before it listens; workers start after it.
    const server = startChild(NODE, ["src/server.ts"], { ...env, HOST: "127.0.0.1", PORT: "0", AGENT_EXECUTION: "queue" }, /listening on (\S+)/, project);
    children.push(server.child);
    const serverUrl = (await server.ready).replace(/\/+$/, "");
    webhook.serverUrl = serverUrl;
    const started = Array.from({ length: workers }, () =>
      startChild(NODE, ["src/worker.ts"], { ...env, WORKER_CONCURRENCY: String(concurrency) }, /(worker advancing threads)/, project),
    );
    children.push(...started.map((s) => s.child));
    await Promise.all(started.map((s) => s.ready));

    // A few threads first, so the batch meets warmed-up processes.
    const warmup = await sendBatch(serverUrl, 0, workers * concurrency * 2);
    await waitForEnd(database.url, warmup.size, webhook, 120_000);

    const callsBefore = await modelCalls(fakeUrl);
    const firstPost = Date.now();
    const batch = await sendBatch(serverUrl, warmup.size, options.threads);
    log(`${label(setup)}: ${batch.size} threads sent in ${num((Date.now() - firstPost) / 1000)} s`);
    await waitForEnd(database.url, warmup.size + batch.size, webhook, 30 * 60_000);
    const calls = (await modelCalls(fakeUrl)) - callsBefore;

    const finished = await checkedThreads(database.url, batch);
    const completion = finished.map((t) => t.doneAt - t.sentAt);
    const seconds = (Math.max(...finished.map((t) => t.doneAt)) - firstPost) / 1000;
    return {
      ...setup,
      threads: finished.length,
      seconds,
      threadsPerSecond: finished.length / seconds,
      completionMs: { p50: percentile(completion, 0.5), p99: percentile(completion, 0.99), max: Math.max(...completion) },
      modelCallsPerThread: calls / finished.length,
    };
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    await webhook.close();
    await database.drop();
  }
}

interface Sent {
  /** The thread's number in the workload (which question it asks). */
  index: number;
  sentAt: number;
}

/** POSTs `count` threads, numbered from `first`, each expecting 202; returns them by id. */
async function sendBatch(serverUrl: string, first: number, count: number): Promise<Map<string, Sent>> {
  const sent = new Map<string, Sent>();
  let next = first;
  const sender = async () => {
    while (next < first + count) {
      const index = next++;
      const sentAt = Date.now();
      const response = await fetch(`${serverUrl}/thread`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: question(index).text }),
      });
      const body = (await response.json()) as { thread_id?: string; status?: string };
      if (response.status !== 202 || !body.thread_id) throw new Error(`POST /thread answered ${response.status}: ${JSON.stringify(body)}`);
      sent.set(body.thread_id, { index, sentAt });
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  return sent;
}

/** Polls the threads table until `total` threads have ended (done or failed). */
async function waitForEnd(url: string, total: number, webhook: ApprovingWebhook, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      webhook.throwIfFailed();
      const { rows } = await client.query<{ status: string; n: string }>("SELECT status, count(*) AS n FROM threads GROUP BY status");
      const counts = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      if ((counts.done ?? 0) + (counts.failed ?? 0) >= total) return;
      if (Date.now() > deadline) throw new Error(`threads still unfinished after ${timeoutMs / 1000} s: ${JSON.stringify(counts)} of ${total}`);
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}

interface Finished extends Sent {
  doneAt: number;
}

/** Reads the batch back: every thread done with the right answer, each tool run once. */
async function checkedThreads(url: string, batch: Map<string, Sent>): Promise<Finished[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; events: { type: string; at: string; data: { message?: string } }[] }>(
      "SELECT id, events FROM threads WHERE id = ANY($1)",
      [[...batch.keys()]],
    );
    if (rows.length !== batch.size) throw new Error(`${batch.size} threads sent, ${rows.length} stored`);
    return rows.map((row) => {
      const sent = batch.get(row.id) as Sent;
      const last = row.events.at(-1);
      const { expected } = question(sent.index);
      if (last?.type !== "done" || !last.data.message?.includes(`the answer is ${expected}`)) {
        throw new Error(`thread ${row.id} ended wrong (expected ${expected}): ${JSON.stringify(row.events.slice(-3))}`);
      }
      const toolRuns = row.events.filter((e) => e.type === "tool_result").length;
      if (toolRuns !== 3) throw new Error(`thread ${row.id} ran ${toolRuns} tools, not 3`);
      return { ...sent, doneAt: Date.parse(last.at) };
    });
  } finally {
    await client.end();
  }
}

async function modelCalls(fakeBaseUrl: string): Promise<number> {
  const response = await fetch(new URL("/stats", fakeBaseUrl));
  return ((await response.json()) as { modelCalls: number }).modelCalls;
}

/** A database of its own per run (threads and pg-boss's tables), dropped afterwards. */
async function createDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_workers_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * The human on the other end of HUMAN_WEBHOOK_URL: approves every request the moment it
 * arrives, through the notification's response_url (a path on the server).
 */
class ApprovingWebhook {
  serverUrl = "";
  approvals = 0;
  #failure: Error | undefined;
  readonly #server: Server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      res.writeHead(204).end();
      this.#approve(text).catch((error: Error) => (this.#failure ??= error));
    });
  });

  async #approve(text: string): Promise<void> {
    const notification = JSON.parse(text) as { request: { type: string }; response_url: string };
    if (notification.request.type !== "approval_request") throw new Error(`webhook: expected an approval request, got ${text}`);
    const response = await fetch(`${this.serverUrl}${notification.response_url}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "approval", approved: true }),
    });
    await response.body?.cancel();
    if (response.status !== 202) throw new Error(`approval through ${notification.response_url} answered ${response.status}`);
    this.approvals++;
  }

  listen(): Promise<string> {
    return new Promise((resolve) => {
      this.#server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`));
    });
  }

  throwIfFailed(): void {
    if (this.#failure) throw this.#failure;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
