import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { NODE, OUR_BIN, OUR_PACKAGE, peerFile, ROOT, WORK } from "./lib/paths.ts";
import { measuredRun, type Measured } from "./lib/measured.ts";
import { shown } from "./lib/proc.ts";
import { buildCli, ensurePeers } from "./lib/setup.ts";
import { median, num, percentile, ratio } from "./lib/stats.ts";
import { table } from "./lib/table.ts";
import type { Part } from "./run.ts";

// Part 1: how fast the CLI starts (--help) and writes a project without installing it,
// against create-vite (the minimal reference) and the agent scaffolders, each a whole
// process timed from spawn to exit. Contenders alternate within every round.

interface Contender {
  name: string;
  /** Package whose version is reported (bench/peers), or undefined for ours and node. */
  pkg?: string;
  help: string[];
  /** Arguments that create project "x" in the current directory without installing. */
  create?: string[];
  /** The file that proves the project was written, relative to the working directory. */
  created?: string;
  env?: Record<string, string>;
}

const peer = (pkg: string, file: string) => peerFile(pkg, file);

const CONTENDERS: Contender[] = [
  { name: "node -e 0 (start-up floor)", help: [NODE, "-e", "0"] },
  {
    name: "create-12-factor-agent",
    help: [NODE, OUR_BIN, "--help"],
    create: [NODE, OUR_BIN, "x", "--yes", "--no-install", "--no-git"],
    created: "x/12-factor-agent.json",
  },
  {
    name: "create-vite",
    pkg: "create-vite",
    help: [NODE, peer("create-vite", "index.js"), "--help"],
    create: [NODE, peer("create-vite", "index.js"), "x", "--template", "vanilla-ts", "--no-interactive"],
    created: "x/package.json",
  },
  {
    name: "create-agent-chat-app",
    pkg: "create-agent-chat-app",
    help: [NODE, peer("create-agent-chat-app", "index.js"), "--help"],
    create: [NODE, peer("create-agent-chat-app", "index.js"), "-Y", "--install-deps", "false", "--project-name", "x"],
    created: "x/package.json",
  },
  {
    name: "create-llama",
    pkg: "create-llama",
    help: [NODE, peer("create-llama", "dist/index.js"), "--help"],
    // No flag turns its `git init` off.
    create: [
      NODE, peer("create-llama", "dist/index.js"), "x", "--use-case", "agentic_rag", "--framework", "nextjs",
      "--vector-db", "none", "--post-install-action", "none", "--use-npm",
    ],
    created: "x/package.json",
  },
  {
    name: "create-t3-app",
    pkg: "create-t3-app",
    help: [NODE, peer("create-t3-app", "dist/index.js"), "--help"],
    create: [NODE, peer("create-t3-app", "dist/index.js"), "x", "-y", "--noInstall", "--noGit"],
    created: "x/package.json",
  },
  // create-mastra has no way to skip its npm installs, so only its --help is timed.
  { name: "create-mastra", pkg: "create-mastra", help: [NODE, peer("create-mastra", "dist/index.js"), "--help"], env: { MASTRA_TELEMETRY_DISABLED: "1" } },
  {
    name: "mastra (create --empty)",
    pkg: "mastra",
    help: [NODE, peer("mastra", "dist/index.js"), "--help"],
    // --no-skills: otherwise it tries to fetch agent skills from the network.
    create: [NODE, peer("mastra", "dist/index.js"), "create", "x", "--empty", "--no-install", "--no-git", "--no-skills"],
    created: "x/package.json",
    env: { MASTRA_TELEMETRY_DISABLED: "1" },
  },
];

export interface CliOptions {
  helpRuns: number;
  createRuns: number;
}

export async function cliPart(options: CliOptions, log: (line: string) => void): Promise<Part> {
  ensurePeers(log);
  buildCli(log);
  const scratch = path.join(WORK, "cli");
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });

  const spawnOptions = (c: Contender, cwd: string) => ({ cwd, env: { ...process.env, ...c.env } });

  const timeHelp = (c: Contender) => measuredRun(c.help[0] as string, c.help.slice(1), spawnOptions(c, scratch));
  const timeCreate = (c: Contender, round: number) => {
    const cwd = path.join(scratch, `${c.name.split(" ")[0]}-${round}`);
    mkdirSync(cwd, { recursive: true });
    const args = c.create as string[];
    const measured = measuredRun(args[0] as string, args.slice(1), spawnOptions(c, cwd));
    if (!existsSync(path.join(cwd, c.created as string))) throw new Error(`${c.name} exited 0 but wrote no ${c.created}`);
    rmSync(cwd, { recursive: true, force: true });
    return measured;
  };

  const help = interleave(CONTENDERS, options.helpRuns, (c) => timeHelp(c), log, "--help");
  const creators = CONTENDERS.filter((c) => c.create);
  const create = interleave(creators, options.createRuns, timeCreate, log, "create");
  rmSync(scratch, { recursive: true, force: true });

  const versionOf = (c: Contender) =>
    c.pkg ? JSON.parse(readFileSync(peerFile(c.pkg, "package.json"), "utf8")).version : c.name.startsWith("node") ? process.version : "this repo";
  const wall = (runs: Measured[] | undefined) => median((runs ?? []).map((r) => r.wallMs));
  const cpu = (runs: Measured[] | undefined) => median((runs ?? []).map((r) => r.cpuMs));
  const spread = (runs: Measured[]) => {
    const walls = runs.map((r) => r.wallMs);
    return `${num(percentile(walls, 0.1))}–${num(percentile(walls, 0.9))}`;
  };
  const vite = { help: help.get("create-vite"), create: create.get("create-vite") };

  const rows = CONTENDERS.map((c) => {
    const h = help.get(c.name) ?? [];
    const m = create.get(c.name);
    return [
      c.name,
      versionOf(c),
      num(wall(h)),
      spread(h),
      ratio(wall(h), wall(vite.help)),
      num(cpu(h)),
      ratio(cpu(h), cpu(vite.help)),
      m ? num(wall(m)) : "n/a",
      m ? spread(m) : "",
      m ? ratio(wall(m), wall(vite.create)) : "",
      m ? num(cpu(m)) : "",
      m ? ratio(cpu(m), cpu(vite.create)) : "",
    ];
  });

  const commands = CONTENDERS.flatMap((c) => [
    `${c.name}: \`${shown("node", c.help.slice(1).map(short))}\``,
    ...(c.create ? [`${c.name}: \`${shown("node", c.create.slice(1).map(short))}\``] : []),
  ]);

  const ours = { help: help.get("create-12-factor-agent"), create: create.get("create-12-factor-agent") };
  const helpTarget = wall(ours.help) / wall(vite.help);
  const createTarget = wall(ours.create) / wall(vite.create);
  const helpCpu = cpu(ours.help) / cpu(vite.help);
  const createCpu = cpu(ours.create) / cpu(vite.create);
  return {
    title: "1. The CLI: --help and create without install",
    markdown: [
      `Whole process from fork to exit: wall ms (median, and 10th–90th percentile) and CPU ms (user + system, median); ` +
        `${options.helpRuns} runs of --help and ${options.createRuns} of create each, after 2 warm-up runs; ` +
        "contenders alternate within each round. stdin is not a terminal, so nothing prompts. " +
        "Create runs in an empty directory, deleted afterwards (not timed).",
      "",
      table(
        ["contender", "version", "--help wall", "p10–p90", "÷ vite", "--help CPU", "÷ vite", "create wall", "p10–p90", "÷ vite", "create CPU", "÷ vite"],
        rows,
      ),
      "",
      `Targets: --help within 1.2× of create-vite: **${helpTarget.toFixed(2)}× wall (${helpCpu.toFixed(2)}× CPU), ${helpTarget <= 1.2 ? "met" : "missed"}**; ` +
        `create-without-install within 2× of create-vite: **${createTarget.toFixed(2)}× wall (${createCpu.toFixed(2)}× CPU), ${createTarget <= 2 ? "met" : "missed"}**.`,
      "",
      "Commands (peers run from bench/peers/node_modules, in an empty directory):",
      "",
      ...commands.map((c) => `- ${c}`),
    ].join("\n"),
    data: {
      help: Object.fromEntries([...help].map(([name, runs]) => [name, runs.map(({ wallMs, cpuMs }) => ({ wallMs, cpuMs }))])),
      create: Object.fromEntries([...create].map(([name, runs]) => [name, runs.map(({ wallMs, cpuMs }) => ({ wallMs, cpuMs }))])),
    },
  };
}

/** Runs every contender `runs` times, round by round, each round starting one contender later. */
function interleave(
  contenders: Contender[],
  runs: number,
  time: (c: Contender, round: number) => Measured,
  log: (line: string) => void,
  what: string,
): Map<string, Measured[]> {
  const results = new Map<string, Measured[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) for (let w = 0; w < 2; w++) time(c, -1 - w);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(round + k) % contenders.length] as Contender;
      results.get(c.name)?.push(time(c, round));
    }
  }
  const wallOf = (name: string) => median((results.get(name) ?? []).map((r) => r.wallMs));
  log(`${what}: ${contenders.map((c) => `${c.name.split(" ")[0]} ${num(wallOf(c.name))} ms`).join(", ")}`);
  return results;
}

/** Paths as RESULTS.md shows them: relative to the repository (our packed CLI as if installed: bin/...). */
function short(part: string): string {
  return part.replace(`${OUR_PACKAGE}/`, "").replace(`${ROOT}/`, "");
}
