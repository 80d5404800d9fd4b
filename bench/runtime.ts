import path from "node:path";
import { databaseUrl as configuredDatabaseUrl, reachable } from "./lib/postgres.ts";
import { NODE, PEERS, ROOT } from "./lib/paths.ts";
import { run, shown } from "./lib/proc.ts";
import { ensurePeers, buildCli, installedOurProject } from "./lib/setup.ts";
import { median, num, ratio, roundOrder } from "./lib/stats.ts";
import { table } from "./lib/table.ts";
import type { Part } from "./run.ts";

// Part 3: what the agent costs at run time. One workload for every contender (the
// calculator agent on a fake in-process model: 4 model calls and 3 tool runs per
// thread, checked), each contender in a fresh process per round, contenders
// alternating. The work itself is in bench/peers/runtime (harness.js and contenders/).

interface Contender {
  id: string;
  name: string;
  variant: string;
  label: string;
  postgres?: boolean;
}

const CONTENDERS: Contender[] = [
  { id: "floor", name: "ai-sdk", variant: "loop", label: "AI SDK generateText, hand-written loop (floor)" },
  { id: "ai-sdk-multistep", name: "ai-sdk", variant: "multistep", label: "AI SDK generateText, multi-step" },
  { id: "ours-passthrough", name: "ours", variant: "passthrough", label: "ours: advance() + pass-through store (diagnostic)" },
  { id: "ours-memory", name: "ours", variant: "memory", label: "ours: advance() + memory store" },
  { id: "ours-file", name: "ours", variant: "file", label: "ours: advance() + file store" },
  { id: "ours-postgres", name: "ours", variant: "postgres", label: "ours: advance() + Postgres store", postgres: true },
  { id: "langgraph-none", name: "langgraph", variant: "none", label: "LangGraph.js createReactAgent, no checkpointer" },
  { id: "langgraph-memory", name: "langgraph", variant: "memory", label: "LangGraph.js createReactAgent + MemorySaver" },
  { id: "langgraph-postgres", name: "langgraph", variant: "postgres", label: "LangGraph.js createReactAgent + PostgresSaver", postgres: true },
  { id: "mastra-none", name: "mastra", variant: "none", label: "Mastra Agent, no storage" },
  { id: "mastra-libsql", name: "mastra", variant: "libsql", label: "Mastra Agent + Memory + LibSQLStore" },
  { id: "openai-agents", name: "openai-agents", variant: "default", label: "OpenAI Agents SDK run()" },
];

interface Result {
  threads: number;
  sequential: { mean: number; p50: number; p99: number; n: number; cpu: number };
  throughput: number;
  concurrency: number;
  heapPerFinishedBytes: number;
  peakRssMB: number;
  paused?: { threads: number; heapPerPausedBytes: number; resume: { mean: number; p50: number; p99: number; n: number } };
}

export interface RuntimeOptions {
  rounds: number;
  quick: boolean;
  /** Seconds the rounds after the first may take; a contender whose process would not fit gets no more rounds. */
  budgetSeconds: number;
}

export async function runtimePart(options: RuntimeOptions, log: (line: string) => void): Promise<Part> {
  ensurePeers(log);
  buildCli(log);
  const databaseUrl = configuredDatabaseUrl();
  const postgres = await reachable(databaseUrl);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BENCH_OURS_DIR: installedOurProject("default", log),
    ...(postgres ? { BENCH_OURS_PG_DIR: installedOurProject("postgres", log), DATABASE_URL: databaseUrl } : {}),
    MASTRA_TELEMETRY_DISABLED: "1",
  };
  const contenders = CONTENDERS.filter((c) => postgres || !c.postgres);
  if (!postgres) log(`no PostgreSQL at ${databaseUrl}: the Postgres contenders are left out`);

  const counts = options.quick
    ? { warmup: 20, threads: 200, concurrentThreads: 200, concurrency: 200, paused: 50 }
    : { warmup: 100, threads: 2000, concurrentThreads: 600, concurrency: 200, paused: 200 };
  const harness = path.join(PEERS, "runtime", "harness.js");
  const results = new Map<string, Result[]>(contenders.map((c) => [c.id, []]));
  const firstRoundMs = new Map<string, number>();
  let extraStart = 0;
  for (let round = 0; round < options.rounds; round++) {
    if (round === 1) extraStart = Date.now();
    for (const c of roundOrder(contenders, round, (c) => firstRoundMs.get(c.id) ?? 0)) {
      const expected = firstRoundMs.get(c.id) ?? 0;
      if (round > 0 && Date.now() - extraStart + expected > options.budgetSeconds * 1000) {
        log(`${c.id}: no round ${round + 1} (its process takes ${(expected / 1000).toFixed(0)} s; rounds after the first may take ${options.budgetSeconds} s)`);
        continue;
      }
      const { stdout, ms } = run(NODE, ["--expose-gc", harness, c.name, c.variant, JSON.stringify(counts)], { env, cwd: ROOT });
      const result = JSON.parse(stdout.trim().split("\n").at(-1) as string) as Result;
      results.get(c.id)?.push(result);
      if (round === 0) firstRoundMs.set(c.id, ms);
      log(`${c.id}: ${num(result.sequential.mean)} ms/thread, ${num(result.sequential.cpu)} ms CPU/thread, ${num(result.throughput)} threads/s (process ${(ms / 1000).toFixed(0)} s)`);
    }
  }

  const m = (id: string, pick: (r: Result) => number | undefined) => {
    const values = (results.get(id) ?? []).map(pick).filter((v): v is number => v !== undefined);
    return values.length > 0 ? median(values) : undefined;
  };
  const mean = (id: string) => m(id, (r) => r.sequential.mean);
  const cpu = (id: string) => m(id, (r) => r.sequential.cpu);
  const floor = mean("floor");

  const mainRows = contenders.map((c) => [
    c.label,
    String(results.get(c.id)?.length ?? 0),
    num(mean(c.id)),
    num(m(c.id, (r) => r.sequential.p50)),
    num(m(c.id, (r) => r.sequential.p99)),
    ratio(mean(c.id), floor),
    num(cpu(c.id)),
    ratio(cpu(c.id), cpu("floor")),
    num(m(c.id, (r) => r.throughput)),
    num(m(c.id, (r) => r.peakRssMB)),
    bytes(m(c.id, (r) => r.heapPerFinishedBytes)),
  ]);
  const pausedRows = contenders
    .filter((c) => (results.get(c.id) ?? []).some((r) => r.paused))
    .map((c) => [
      c.label,
      bytes(m(c.id, (r) => r.paused?.heapPerPausedBytes)),
      num(m(c.id, (r) => r.paused?.resume.p50)),
      num(m(c.id, (r) => r.paused?.resume.p99)),
    ]);

  const cheaper = (ours: string, theirs: string) => {
    const r = (mean(theirs) ?? Number.NaN) / (mean(ours) ?? Number.NaN);
    return `${labelOf(theirs)} ÷ ${labelOf(ours)} = **${num(r)}×** wall (${ratio(cpu(theirs), cpu(ours))} CPU) ${r >= 10 ? "(met)" : "(missed)"}`;
  };
  const oursVsFloor = (mean("ours-memory") ?? Number.NaN) / (floor ?? Number.NaN);
  const pausedHeap = (id: string) => m(id, (r) => r.paused?.heapPerPausedBytes);
  const targets = [
    `ours (memory store) ≤ 1.3× the floor per thread: **${num(oursVsFloor)}×** wall (${ratio(cpu("ours-memory"), cpu("floor"))} CPU) ${oursVsFloor <= 1.3 ? "(met)" : "(missed)"}; ` +
      `with the file store ${ratio(mean("ours-file"), floor)}${postgres ? `, with Postgres ${ratio(mean("ours-postgres"), floor)}` : ""}`,
    `≥ 10× cheaper than LangGraph.js and Mastra, like for like: ${cheaper("ours-memory", "langgraph-memory")}; ${cheaper("ours-memory", "mastra-none")}; ` +
      `${postgres ? `${cheaper("ours-postgres", "langgraph-postgres")}; ` : ""}${cheaper("ours-file", "mastra-libsql")}`,
    `no heap kept per paused thread: file store **${bytes(pausedHeap("ours-file"))}**${postgres ? `, Postgres **${bytes(pausedHeap("ours-postgres"))}**` : ""} ` +
      `${[pausedHeap("ours-file"), ...(postgres ? [pausedHeap("ours-postgres")] : [])].every((b) => b !== undefined && Math.abs(b) < 1024) ? "(met: within ±1 KB of zero, the noise of this measurement)" : "(missed)"}; ` +
      "the harness itself keeps one thread id string (~60–80 B) per paused thread",
    `for scale, the most any loop built on generateText could be cheaper than each, given the floor: ` +
      ["langgraph-memory", "mastra-none", ...(postgres ? ["langgraph-postgres"] : []), "mastra-libsql"]
        .map((id) => `${labelOf(id)} ${ratio(mean(id), floor)}`)
        .join(", "),
  ];

  return {
    title: "3. The agent runtime",
    markdown: [
      `Per contender and round, a fresh \`node --expose-gc\` process: ${counts.warmup} warm-up threads, then ${counts.threads} threads one after another ` +
        `(ms per thread: mean, p50, p99), then ${counts.concurrentThreads} threads with ${counts.concurrency} in flight (threads/s), ` +
        `then ${counts.paused} threads paused for approval and resumed one by one. Peak RSS over the whole process. ` +
        "Heap kept per thread: slope of the heap after full GCs, sampled 11 times across the phase. " +
        "CPU ms: this process's user + system time per sequential thread (a database server's work is not in it). " +
        "The pass-through store is a diagnostic (a Map that checks versions but neither copies nor validates), to tell the loop's own cost from the store's. " +
        `Medians over rounds (column n: up to ${options.rounds}; rounds after the first may take ${options.budgetSeconds} s in all, cheapest first, so the slowest contenders may get one), contenders alternating. ` +
        "Every thread's answer is checked, and the model-call and tool-run counters must equal 4 and 3 per thread.",
      "",
      table(
        ["contender", "n", "mean ms", "p50 ms", "p99 ms", "÷ floor", "CPU ms", "÷ floor", `threads/s @${counts.concurrency}`, "peak RSS MB", "heap kept / finished thread"],
        mainRows,
      ),
      "",
      "Paused threads (waiting for a human to approve `divide`) and their resumption:",
      "",
      table(["contender", "heap kept / paused thread", "resume p50 ms", "resume p99 ms"], pausedRows),
      "",
      "Targets:",
      "",
      ...targets.map((t) => `- ${t}`),
      "",
      `Command per contender: \`${shown("node", ["--expose-gc", "bench/peers/runtime/harness.js", "<contender>", "<variant>", JSON.stringify(counts)])}\` ` +
        `with BENCH_OURS_DIR (and BENCH_OURS_PG_DIR, DATABASE_URL=${databaseUrl}) set; contenders: ${contenders.map((c) => `${c.name} ${c.variant}`).join(", ")}.`,
    ].join("\n"),
    data: { counts, results: Object.fromEntries(results) },
  };
}

function labelOf(id: string): string {
  return CONTENDERS.find((c) => c.id === id)?.label ?? id;
}

function bytes(value: number | undefined): string {
  if (value === undefined) return "–";
  return Math.abs(value) >= 1024 ? `${num(value / 1024)} KB` : `${value.toFixed(0)} B`;
}
