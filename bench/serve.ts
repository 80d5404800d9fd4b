import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { startChild, stopChild } from "./lib/children.ts";
import { databaseUrl as configuredDatabaseUrl, reachable } from "./lib/postgres.ts";
import { NODE, PEERS, WORK } from "./lib/paths.ts";
import { run, shown } from "./lib/proc.ts";
import { buildCli, ensurePeers, installedOurProject } from "./lib/setup.ts";
import { median, num } from "./lib/stats.ts";
import { table } from "./lib/table.ts";
import type { Part } from "./run.ts";

// Part 4: whole threads per second through the generated HTTP API (`npm start`,
// i.e. node src/server.ts), its real OpenAI provider package talking over HTTP to a
// fake Responses server that answers after 0 or 100 ms. autocannon drives it:
// POST /thread, then the approval, per thread (bench/peers/serve/load.js).

interface Config {
  store: "file" | "postgres";
  latencyMs: number;
}

interface Load {
  threads: number;
  threadsPerSecond: number;
  wrong: number;
  problems: string[];
  errors: number;
  timeouts: number;
  non2xx: number;
  requestLatency: { p50: number; p99: number };
}

export interface ServeOptions {
  rounds: number;
  quick: boolean;
}

export async function servePart(options: ServeOptions, log: (line: string) => void): Promise<Part> {
  ensurePeers(log);
  buildCli(log);
  const databaseUrl = configuredDatabaseUrl();
  const postgres = await reachable(databaseUrl);
  const projects = {
    file: installedOurProject("default", log),
    postgres: postgres ? installedOurProject("postgres", log) : undefined,
  };
  const stores: Config["store"][] = postgres ? ["file", "postgres"] : ["file"];
  const configs: Config[] = stores.flatMap((store) => [0, 100].map((latencyMs) => ({ store, latencyMs })));
  const connections = options.quick ? 10 : 100;
  const duration = options.quick ? 3 : 8;
  const warmup = options.quick ? 2 : 4;

  const results = new Map<string, Load[]>(configs.map((c) => [key(c), []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < configs.length; k++) {
      const config = configs[(round + k) % configs.length] as Config;
      const project = projects[config.store] as string;
      const load = await withServers(config, project, databaseUrl, (url) => loadRun(url, connections, warmup, duration));
      results.get(key(config))?.push(load);
      log(`serve ${key(config)}: ${num(load.threadsPerSecond)} threads/s`);
    }
  }

  const rows = configs.map((c) => {
    const runs = results.get(key(c)) ?? [];
    const tps = median(runs.map((r) => r.threadsPerSecond));
    // With L ms per model call and 4 calls per thread, `connections` threads in flight finish at most this often.
    const bound = c.latencyMs > 0 ? connections / ((4 * c.latencyMs) / 1000) : undefined;
    return [
      `${c.store} store, model ${c.latencyMs} ms`,
      num(tps),
      bound ? `${num(bound)} (${num((tps / bound) * 100)} %)` : "–",
      num(median(runs.map((r) => r.requestLatency.p50))),
      num(median(runs.map((r) => r.requestLatency.p99))),
      String(runs.reduce((s, r) => s + r.threads, 0)),
    ];
  });

  return {
    title: "4. Serving: threads per second through the HTTP API",
    markdown: [
      `Our default project's server (\`node src/server.ts\`, as \`npm start\` runs it), OpenAI provider pointed at a local fake ` +
        `Responses API (bench/peers/serve/fake-openai.js) that answers each call after 0 or 100 ms. autocannon, ${connections} connections, ` +
        `threads finishing in ${duration} s after a ${warmup} s ramp-up (one autocannon run), medians of ${options.rounds} round(s). A thread is POST /thread ` +
        "(the agent runs until `divide` waits for approval: 201) then POST /thread/:id/response with the approval (the agent finishes: 200); " +
        "it counts only when its final answer is right. Server, fake model and load generator share the 2 cores.",
      "",
      table(["configuration", "threads/s", "latency bound (share reached)", "request p50 ms", "request p99 ms", "threads checked"], rows),
      "",
      `Commands: \`node bench/peers/serve/fake-openai.js <latency ms>\`; in the project \`OPENAI_BASE_URL=<fake> OPENAI_API_KEY=bench PORT=0 ` +
        `AGENT_DATA_DIR=<fresh dir> node src/server.ts\` (Postgres: the postgres-store project with DATABASE_URL=${databaseUrl} in a fresh schema); ` +
        `\`${shown("node", ["bench/peers/serve/load.js", JSON.stringify({ url: "<server>", connections, warmup, duration })])}\`.`,
    ].join("\n"),
    data: Object.fromEntries(results),
  };
}

function key(c: Config): string {
  return `${c.store}-${c.latencyMs}ms`;
}

function loadRun(url: string, connections: number, warmup: number, duration: number): Load {
  const { stdout } = run(NODE, [path.join(PEERS, "serve", "load.js"), JSON.stringify({ url, connections, warmup, duration })]);
  const load = JSON.parse(stdout.trim().split("\n").at(-1) as string) as Load;
  if (load.wrong > 0 || load.errors > 0 || load.non2xx > 0) {
    throw new Error(`the server answered wrong: ${JSON.stringify(load)}`);
  }
  return load;
}

/** Starts the fake model and our server, runs `work` against the server, stops both. */
async function withServers<T>(config: Config, project: string, databaseUrl: string, work: (url: string) => T): Promise<T> {
  const children: ChildProcess[] = [];
  const dataDir = path.join(WORK, "serve", `data-${randomBytes(4).toString("hex")}`);
  const schema = `bench_serve_${randomBytes(4).toString("hex")}`;
  const pgEnv = { ...process.env, DATABASE_URL: databaseUrl };
  try {
    const fake = startChild(NODE, [path.join(PEERS, "serve", "fake-openai.js"), String(config.latencyMs)], {}, /listening (\S+)/);
    children.push(fake.child);
    const env: NodeJS.ProcessEnv = { OPENAI_BASE_URL: await fake.ready, OPENAI_API_KEY: "bench", HOST: "127.0.0.1", PORT: "0" };
    if (config.store === "file") {
      mkdirSync(dataDir, { recursive: true });
      env.AGENT_DATA_DIR = dataDir;
    } else {
      run(NODE, [path.join(PEERS, "serve", "pg-schema.js"), "create", schema], { env: pgEnv });
      const url = new URL(databaseUrl);
      url.searchParams.set("options", `-c search_path=${schema}`);
      env.DATABASE_URL = url.toString();
    }
    const server = startChild(NODE, ["src/server.ts"], env, /listening on (\S+)/, project);
    children.push(server.child);
    return work(await server.ready);
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
    if (config.store === "postgres") run(NODE, [path.join(PEERS, "serve", "pg-schema.js"), "drop", schema], { env: pgEnv });
  }
}
