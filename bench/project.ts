import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { measuredRun, type Measured } from "./lib/measured.ts";
import { measureTree, type TreeSize } from "./lib/node-modules.ts";
import { NODE, peerFile, WORK } from "./lib/paths.ts";
import { run } from "./lib/proc.ts";
import { buildCli, ensurePeers, renderOurProject } from "./lib/setup.ts";
import { median, num, ratio, roundOrder } from "./lib/stats.ts";
import { table } from "./lib/table.ts";
import type { Part } from "./run.ts";

// Part 2: what the generated project weighs once installed: `npm install` time with a
// warm npm cache, packages installed, node_modules size; ours against the projects
// the peers generate by default.
//
// Each peer's project is generated once (bench/.work/templates/<name>, reused while
// the peer's version is the same) and copied fresh, without node_modules or
// lockfile, for every measured install: what a user installs right after creating.
// The npm cache is bench/.work/npm-cache; the first install of each project fills it
// and is not measured.

interface Contender {
  name: string;
  /** Version of the tool that generated the project (part of the template's cache key). */
  version: () => string;
  /** Writes the project into `dir` (which does not exist yet). */
  generate: (dir: string, log: (line: string) => void) => void;
  /** How the project was generated, for RESULTS.md. */
  how: string;
  /** Extra `npm install` flags the project needs to install at all. */
  installFlags?: string[];
}

const peerVersion = (pkg: string) => () => JSON.parse(readFileSync(peerFile(pkg, "package.json"), "utf8")).version as string;

/** Runs a scaffolder in a scratch directory and moves `project` (relative to it) to `dir`. */
function scaffold(dir: string, project: string, command: string[], env: Record<string, string> = {}): void {
  const scratch = `${dir}.scratch`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  run(command[0] as string, command.slice(1), { cwd: scratch, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  renameSync(path.join(scratch, project), dir);
  rmSync(scratch, { recursive: true, force: true });
  // What a user installs next: their sources and package.json, no install state, no git.
  for (const leftover of ["node_modules", "package-lock.json", ".git"]) rmSync(path.join(dir, leftover), { recursive: true, force: true });
}

const chatApp = peerFile("create-agent-chat-app", "index.js");
const OURS = "create-12-factor-agent";
/** Bumped when a peer's generate() changes, so the kept projects are made again. */
const TEMPLATE_REVISION = 2;

const CONTENDERS: Contender[] = [
  {
    name: OURS,
    version: () => "this repo",
    how: "`create-12-factor-agent x --yes --no-install --no-git` (openai; core, human-contact, http-api; file store)",
    generate: (dir) => {
      const rendered = renderOurProject("ours-template");
      renameSync(rendered, dir);
    },
  },
  {
    name: "mastra create --empty",
    version: peerVersion("mastra"),
    how: "`mastra create x --empty --no-install --no-git --no-skills`",
    generate: (dir) =>
      scaffold(dir, "x", [NODE, peerFile("mastra", "dist/index.js"), "create", "x", "--empty", "--no-install", "--no-git", "--no-skills"], {
        MASTRA_TELEMETRY_DISABLED: "1",
      }),
  },
  {
    name: "create-mastra",
    version: peerVersion("create-mastra"),
    how: "`create-mastra x -c agents,tools,workflows,scorers -l openai -e` (its defaults; it installs as it goes, so its package.json is kept and the install redone)",
    generate: (dir) =>
      scaffold(dir, "x", [NODE, peerFile("create-mastra", "dist/index.js"), "x", "-c", "agents,tools,workflows,scorers", "-l", "openai", "-e"], {
        MASTRA_TELEMETRY_DISABLED: "1",
      }),
  },
  {
    name: "LangGraph react agent",
    version: peerVersion("create-agent-chat-app"),
    how:
      "`apps/agents` of `create-agent-chat-app -Y --install-deps false --include-agent react --package-manager npm`, alone (the react-agent template's dependencies). " +
      "Plain `npm install` fails with ERESOLVE (@langchain/community's optional peer better-sqlite3 <12 against typeorm's ^12); installed with `--legacy-peer-deps`, as npm suggests",
    installFlags: ["--legacy-peer-deps"],
    generate: (dir) =>
      scaffold(dir, "x/apps/agents", [
        NODE, chatApp, "-Y", "--install-deps", "false", "--project-name", "x", "--include-agent", "react", "--package-manager", "npm",
      ]),
  },
  {
    name: "create-agent-chat-app",
    version: peerVersion("create-agent-chat-app"),
    how:
      "`create-agent-chat-app -Y --install-deps false --package-manager npm` (Next.js app + all four LangGraph agents, npm workspaces); " +
      "installed with `--legacy-peer-deps` for the same ERESOLVE (its default package manager, yarn, does not check peers)",
    installFlags: ["--legacy-peer-deps"],
    generate: (dir) =>
      scaffold(dir, "x", [NODE, chatApp, "-Y", "--install-deps", "false", "--project-name", "x", "--package-manager", "npm"]),
  },
  {
    name: "create-llama",
    version: peerVersion("create-llama"),
    how:
      "`create-llama x --use-case agentic_rag --framework nextjs --vector-db none --post-install-action none --use-npm`. " +
      "As generated it does not install: every TypeScript use case asks for `@llamaindex/server@~0.2.1`, and npm has only 0.4.1 (ETARGET). " +
      "Measured with that one dependency changed to 0.4.1",
    generate: (dir) => {
      scaffold(dir, "x", [
        NODE, peerFile("create-llama", "dist/index.js"), "x", "--use-case", "agentic_rag", "--framework", "nextjs",
        "--vector-db", "none", "--post-install-action", "none", "--use-npm",
      ]);
      const file = path.join(dir, "package.json");
      const pkg = JSON.parse(readFileSync(file, "utf8"));
      pkg.dependencies["@llamaindex/server"] = "0.4.1";
      writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
    },
  },
];

export interface ProjectOptions {
  rounds: number;
  /** Seconds the installs after each project's first may take; a project whose install would not fit gets no more. */
  budgetSeconds: number;
}

interface Install extends TreeSize {
  measured: Measured;
}

export async function projectPart(options: ProjectOptions, log: (line: string) => void): Promise<Part> {
  ensurePeers(log);
  buildCli(log);
  const templates = path.join(WORK, "templates");
  const installs = path.join(WORK, "install");
  const cache = path.join(WORK, "npm-cache");
  mkdirSync(templates, { recursive: true });
  mkdirSync(cache, { recursive: true });

  const templateOf = new Map<string, string>();
  for (const c of CONTENDERS) templateOf.set(c.name, ensureTemplate(c, templates, log));

  const install = (c: Contender): Install => {
    const dir = path.join(installs, slug(c.name));
    rmSync(dir, { recursive: true, force: true });
    cpSync(templateOf.get(c.name) as string, dir, { recursive: true });
    const measured = measuredRun("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--cache", cache, ...(c.installFlags ?? [])], {
      cwd: dir,
    });
    const result = { measured, ...measureTree(dir) };
    rmSync(dir, { recursive: true, force: true });
    return result;
  };

  // Fill the cache once per project version; later runs find it warm.
  for (const c of CONTENDERS) {
    const marker = path.join(cache, `.warm-${path.basename(templateOf.get(c.name) as string)}`);
    if (existsSync(marker)) continue;
    log(`warming the npm cache with ${c.name} ...`);
    install(c);
    writeFileSync(marker, "");
  }

  const results = new Map<string, Install[]>(CONTENDERS.map((c) => [c.name, []]));
  let extraStart = 0;
  for (let round = 0; round < options.rounds; round++) {
    if (round === 1) extraStart = Date.now();
    for (const c of roundOrder(CONTENDERS, round, (c) => results.get(c.name)?.[0]?.measured.wallMs ?? 0)) {
      const first = results.get(c.name)?.[0]?.measured.wallMs ?? 0;
      if (round > 0 && Date.now() - extraStart + first > options.budgetSeconds * 1000) {
        log(`${c.name}: no install ${round + 1} (one takes ${(first / 1000).toFixed(0)} s; installs after the first may take ${options.budgetSeconds} s)`);
        continue;
      }
      const result = install(c);
      results.get(c.name)?.push(result);
      log(`npm install ${c.name}: ${(result.measured.wallMs / 1000).toFixed(1)} s, ${result.packages} packages, ${result.megabytes.toFixed(0)} MB (production ${result.productionPackages}, ${result.productionMegabytes.toFixed(0)} MB)`);
    }
  }

  const summary = (name: string) => {
    const runs = results.get(name) ?? [];
    return {
      seconds: median(runs.map((r) => r.measured.wallMs / 1000)),
      cpu: median(runs.map((r) => r.measured.cpuMs / 1000)),
      packages: median(runs.map((r) => r.packages)),
      megabytes: median(runs.map((r) => r.megabytes)),
      productionPackages: median(runs.map((r) => r.productionPackages)),
      productionMegabytes: median(runs.map((r) => r.productionMegabytes)),
    };
  };
  const ours = summary(OURS);
  const mastra = summary("create-mastra");
  const rows = CONTENDERS.map((c) => {
    const s = summary(c.name);
    return [
      c.name,
      c.version(),
      String(results.get(c.name)?.length ?? 0),
      num(s.seconds),
      num(s.cpu),
      String(s.packages),
      num(s.megabytes),
      String(s.productionPackages),
      num(s.productionMegabytes),
      ratio(s.seconds, ours.seconds),
      ratio(s.megabytes, ours.megabytes),
    ];
  });

  const targets = [
    `under 100 packages: **${ours.packages}, ${ours.packages < 100 ? "met" : "missed"}**`,
    `under a third of create-mastra's size: **${ratio(ours.megabytes, mastra.megabytes)} of it, ${ours.megabytes < mastra.megabytes / 3 ? "met" : "missed"}**`,
    `installing in under a third of its time: **${ratio(ours.seconds, mastra.seconds)} of it, ${ours.seconds < mastra.seconds / 3 ? "met" : "missed"}**`,
  ];
  return {
    title: "2. The generated project: install time, packages, size",
    markdown: [
      `\`npm install --no-audit --no-fund --cache bench/.work/npm-cache\` in a fresh copy of each generated project ` +
        `(no node_modules, no lockfile), the cache warm; median of n installs (up to ${options.rounds}; the installs after each project's first may take ${options.budgetSeconds} s in all, cheapest first, so the heaviest may get one), contenders alternating. ` +
        "Packages: entries under node_modules in npm's lockfile; size: disk usage of every node_modules directory (as `du` counts it). " +
        "Production: the packages not marked dev-only in that lockfile (what `npm install --omit=dev` keeps) and their share of the size. " +
        "npm here runs no install scripts that are not approved (npm 11's allowScripts), for every contender alike.",
      "",
      table(
        ["project", "generated by", "n", "install s", "install CPU s", "packages", "node_modules MB", "of which prod. packages", "prod. MB", "time ÷ ours", "size ÷ ours"],
        rows,
      ),
      "",
      `Targets for ours: ${targets.join("; ")}.`,
      "",
      "How each project was generated:",
      "",
      ...CONTENDERS.map((c) => `- ${c.name}: ${c.how}`),
    ].join("\n"),
    data: Object.fromEntries([...results].map(([name, runs]) => [name, runs.map(({ measured, ...size }) => ({ ...measured, stdout: undefined, ...size }))])),
  };
}

/** The project this contender generates, generated again only when the peer's version changed. */
function ensureTemplate(c: Contender, templates: string, log: (line: string) => void): string {
  if (c.name === OURS) return renderOurTemplate(c, templates);
  const dir = path.join(templates, `${slug(c.name)}-${c.version()}-${TEMPLATE_REVISION}`);
  if (existsSync(path.join(dir, "package.json"))) return dir;
  log(`generating the ${c.name} project ...`);
  rmSync(dir, { recursive: true, force: true });
  c.generate(dir, log);
  return dir;
}

/**
 * Ours is rendered again every run (the templates change); it is kept under a name
 * made from its package.json, so the npm cache counts as warm while that is unchanged.
 */
function renderOurTemplate(c: Contender, templates: string): string {
  const fresh = path.join(templates, "ours-rendering");
  rmSync(fresh, { recursive: true, force: true });
  c.generate(fresh, () => {});
  const hash = createHash("sha256").update(readFileSync(path.join(fresh, "package.json"))).digest("hex").slice(0, 12);
  const dir = path.join(templates, `ours-${hash}`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(fresh, dir);
  return dir;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
