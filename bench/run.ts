import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { busiestProcesses, describeMachine, loadAverage } from "./lib/machine.ts";
import { WORK } from "./lib/paths.ts";

// `npm run bench` runs every part; `node bench/run.ts runtime serve` runs some.
// Each part prints its table as it finishes; the whole run is written to
// bench/.work/last-run.md (and .json), from which bench/RESULTS.md is updated.
//
//   node bench/run.ts [cli] [project] [runtime] [serve] [workers] [--rounds N] [--budget S] [--quick]
//
// --rounds: runs per contender (default: 15 and 10 for the CLI, 2 elsewhere).
// --budget: seconds the project and runtime parts may spend on rounds after their first;
//   contenders that would not fit get one run (defaults keep parts 1–4 near 15 minutes; the
//   workers part adds about 4.5 minutes per round).
// --quick: few runs and threads, to check the bench itself works (numbers are not worth keeping).

export interface Part {
  title: string;
  markdown: string;
  data: unknown;
}

const PARTS = ["cli", "project", "runtime", "serve", "workers"] as const;
type PartName = (typeof PARTS)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: "boolean", default: false },
    rounds: { type: "string" },
    budget: { type: "string" },
  },
});

const unknown = positionals.filter((p) => !PARTS.includes(p as PartName));
if (unknown.length > 0) {
  console.error(`unknown part(s) ${unknown.join(", ")}; the parts are: ${PARTS.join(", ")}`);
  process.exit(2);
}
const selected = (positionals.length > 0 ? positionals : PARTS) as PartName[];
const quick = values.quick;
const rounds = values.rounds ? Number(values.rounds) : undefined;
// Seconds the project and runtime parts may spend on rounds after their first; --rounds alone lifts it.
const budget = values.budget ? Number(values.budget) : rounds ? Number.POSITIVE_INFINITY : undefined;

const started = new Date();
const log = (line: string) => console.log(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const loadBefore = loadAverage();
const processesBefore = busiestProcesses();
log(`load average ${loadBefore}; parts: ${selected.join(", ")}${quick ? " (quick)" : ""}`);

const results: Part[] = [];
for (const name of selected) {
  const partStart = Date.now();
  const part = await runPart(name);
  const seconds = (Date.now() - partStart) / 1000;
  part.markdown += `\n\nThis part took ${seconds.toFixed(0)} s; load average at its end: ${loadAverage()}.`;
  results.push(part);
  console.log(`\n## ${part.title}\n\n${part.markdown}\n`);
}

const total = (Date.now() - started.getTime()) / 1000;
const header = [
  `# Bench run of ${started.toISOString()}`,
  "",
  `Command: \`node bench/run.ts ${process.argv.slice(2).join(" ")}\`, ${total.toFixed(0)} s in all.`,
  "",
  describeMachine(),
  "",
  `Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadAverage()}.`,
  "",
  `Busiest processes at the start:\n\n\`\`\`\n${processesBefore}\n\`\`\``,
].join("\n");
mkdirSync(WORK, { recursive: true });
writeFileSync(path.join(WORK, "last-run.md"), `${header}\n\n${results.map((p) => `## ${p.title}\n\n${p.markdown}`).join("\n\n")}\n`);
writeFileSync(path.join(WORK, "last-run.json"), `${JSON.stringify({ started, total, quick, parts: results }, null, 2)}\n`);
log(`done in ${total.toFixed(0)} s; tables in ${path.relative(process.cwd(), path.join(WORK, "last-run.md"))}`);

async function runPart(name: PartName): Promise<Part> {
  switch (name) {
    case "cli": {
      const { cliPart } = await import("./cli.ts");
      return cliPart({ helpRuns: quick ? 3 : (rounds ?? 12), createRuns: quick ? 2 : (rounds ?? 10) }, log);
    }
    case "project": {
      const { projectPart } = await import("./project.ts");
      return projectPart({ rounds: quick ? 1 : (rounds ?? 2), budgetSeconds: budget ?? 90 }, log);
    }
    case "runtime": {
      const { runtimePart } = await import("./runtime.ts");
      return runtimePart({ rounds: quick ? 1 : (rounds ?? 2), quick, budgetSeconds: budget ?? 100 }, log);
    }
    case "serve": {
      const { servePart } = await import("./serve.ts");
      return servePart({ rounds: quick ? 1 : (rounds ?? 2), quick }, log);
    }
    case "workers": {
      const { workersPart } = await import("./workers.ts");
      // 1, 2, 4 workers at the default WORKER_CONCURRENCY; and one worker with 4 times the slots.
      const setups = [1, 2, 4].map((workers) => ({ workers, concurrency: 4 })).concat({ workers: 1, concurrency: 16 });
      return workersPart({ threads: quick ? 100 : 1000, setups, latencyMs: 100, rounds: rounds ?? 1 }, log);
    }
  }
}
