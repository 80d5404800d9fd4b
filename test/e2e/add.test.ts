import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cellEnv, ensurePnpm, run, SCAFFOLD_ROOT, type Step } from "../support/scaffold.ts";

// `add` into four small services that exist before it, as a user would: a clean git tree, a dry
// run that writes nothing, the real run, an install, then the service's own typecheck and tests
// (which must still pass, now with the agent's), the two printed lines pasted into its app, a
// second add that changes nothing, and a locally edited agent file that add refuses to overwrite.

const FIXTURES = resolve(import.meta.dirname, "../fixtures");

// The CLI as a package, copied once (the published files: bin, dist, templates, package.json):
// the run uses one version of the templates throughout, whatever changes in the repository meanwhile.
const PACKAGE = join(SCAFFOLD_ROOT, "create-12-factor-agent");
for (const entry of ["bin", "dist", "templates", "package.json"]) {
  cpSync(resolve(import.meta.dirname, "../..", entry), join(PACKAGE, entry), { recursive: true });
}
const runCliAsync = (args: string[], cwd: string, env: NodeJS.ProcessEnv) => run(process.execPath, [join(PACKAGE, "bin/create-12-factor-agent.js"), ...args], cwd, env);

interface Cell {
  fixture: string;
  /** Where add runs, inside the copied fixture. */
  project: string;
  modules: string[];
  pm: "npm" | "pnpm";
  /** The agent's tests run inside the service's own `test` script. */
  testsRunWithHost: boolean;
  /** The agent folder has a tsconfig of its own (a JavaScript service). */
  ownTsconfig: boolean;
  /** Runs a file that imports the service's app (with the printed lines in it) and prints GET /agent/healthz. */
  probe: { file: string; source: string; command: string[] };
}

const listenProbe = (load: string) => `${load}
const server = app.listen(0, "127.0.0.1", async () => {
  const res = await fetch("http://127.0.0.1:" + server.address().port + "/agent/healthz");
  console.log("probe", res.status, await res.text());
  server.close();
});
`;

const CELLS: Cell[] = [
  {
    fixture: "express-nodenext",
    project: ".",
    modules: ["http-api"],
    pm: "npm",
    testsRunWithHost: true,
    ownTsconfig: false,
    probe: { file: "probe.mts", source: listenProbe(`const { app } = await import("./src/app.ts");`), command: ["node", "--import", "tsx", "probe.mts"] },
  },
  {
    fixture: "hono-bundler",
    project: ".",
    modules: ["core", "human-contact", "http-api"],
    pm: "npm",
    testsRunWithHost: true,
    ownTsconfig: false,
    probe: {
      file: "probe.mts",
      source: `const { createApp } = await import("./src/app.ts");\nconst res = await createApp().request("/agent/healthz");\nconsole.log("probe", res.status, await res.text());\n`,
      command: ["node", "--import", "tsx", "probe.mts"],
    },
  },
  {
    fixture: "pnpm-workspace",
    project: "packages/billing",
    modules: ["http-api"],
    pm: "pnpm",
    testsRunWithHost: false,
    ownTsconfig: false,
    probe: {
      file: "probe.ts",
      source: `import { buildApp } from "./src/app.ts";\nconst app = buildApp();\nconst res = await app.inject({ url: "/agent/healthz" });\nconsole.log("probe", res.statusCode, res.body);\nawait app.close();\n`,
      command: ["node", "probe.ts"],
    },
  },
  {
    fixture: "commonjs-js",
    project: ".",
    modules: ["http-api"],
    pm: "npm",
    testsRunWithHost: false,
    ownTsconfig: true,
    probe: { file: "probe.cjs", source: listenProbe(`const app = require("./src/app.js").createApp();`), command: ["node", "probe.cjs"] },
  },
];

const GIT_ENV = { GIT_AUTHOR_NAME: "Test", GIT_AUTHOR_EMAIL: "test@example.com", GIT_COMMITTER_NAME: "Test", GIT_COMMITTER_EMAIL: "test@example.com" };

function explain(step: Step): string {
  return `${step.command} exited ${step.code} after ${step.seconds.toFixed(1)}s:\n${step.output.slice(-5000)}`;
}

async function ok(step: Promise<Step>): Promise<Step> {
  const done = await step;
  expect(done.code, explain(done)).toBe(0);
  return done;
}

/** Pastes the printed lines into the app file: the import at the top, the mount after the app is made. */
function pasteMountLines(file: string, lines: [string, string]): void {
  const source = readFileSync(file, "utf8").split("\n");
  const [importLine, mountLine] = lines;
  const created = source.findIndex((line) => /=\s*(new\s+)?(express|Hono|Fastify|Koa)\(/.test(line));
  expect(created, `no line creates the app in ${file}`).toBeGreaterThanOrEqual(0);
  const indent = /^\s*/.exec(source[created]!)![0];
  source.splice(created + 1, 0, `${indent}${mountLine}`);
  const top = source[0]!.startsWith('"use strict"') ? 1 : 0;
  source.splice(top, 0, importLine);
  writeFileSync(file, source.join("\n"));
}

describe.concurrent("add into services that exist", () => {
  it.each(CELLS)("$fixture", async (cell) => {
    const pnpmBin = cell.pm === "pnpm" ? ensurePnpm() : "";
    const env = cellEnv({ ...GIT_ENV, ...(pnpmBin ? { PATH: `${pnpmBin}:${process.env.PATH}` } : {}) });
    const root = join(SCAFFOLD_ROOT, `add-${cell.fixture}`);
    const dir = join(root, cell.project);
    cpSync(join(FIXTURES, cell.fixture), root, { recursive: true });
    const sh = (command: string, args: string[], where = dir) => run(command, args, where, env);
    const script = (name: string) => (cell.pm === "npm" ? sh("npm", ["run", name]) : sh("pnpm", [name]));
    const gitStatus = async () => (await ok(sh("git", ["status", "--porcelain"], root))).output;

    await ok(sh("git", ["init", "-q"], root));
    await ok(sh(cell.pm, ["install"], root));
    await ok(sh("git", ["add", "-A"], root));
    await ok(sh("git", ["commit", "-qm", "the service before add"], root));

    // The service works before add.
    await ok(script("typecheck"));
    await ok(sh(cell.pm, ["test"]));

    // A dry run prints the plan and writes nothing.
    const dry = await ok(runCliAsync(["add", ...cell.modules, "--dry-run"], dir, env));
    expect(dry.output).toContain("nothing was written");
    expect(await gitStatus()).toBe("");

    // The real run.
    const added = await ok(runCliAsync(["add", ...cell.modules], dir, env));
    console.log(`--- add ${cell.modules.join(" ")} in ${cell.fixture} ---\n${added.output.split("\n").filter((line) => !line.startsWith("  create ")).join("\n")}`);
    const mount = /add two lines to (\S+?):\n\s+(.+)\n\s+(.+)\n/.exec(added.output);
    expect(mount, added.output).not.toBeNull();
    // CI=true makes pnpm refuse a lockfile that no longer matches; a user's `pnpm install` updates it.
    await ok(sh(cell.pm, cell.pm === "pnpm" ? ["install", "--no-frozen-lockfile"] : ["install"], root));

    // The service's own checks still pass, and the agent's tests run.
    await ok(script("typecheck"));
    const hostTests = await ok(sh(cell.pm, ["test"]));
    if (cell.testsRunWithHost) {
      expect(hostTests.output).toContain("src/agent/test/loop.test.ts");
    } else {
      expect(hostTests.output).not.toContain("src/agent/");
      const agentTests = await ok(script("agent:test"));
      expect(agentTests.output).toMatch(/Tests\s+\d+ passed/);
    }
    if (cell.ownTsconfig) await ok(script("agent:typecheck"));

    // Add again: nothing to do.
    await ok(sh("git", ["add", "-A"], root));
    await ok(sh("git", ["commit", "-qm", "add the agent"], root));
    const again = await ok(runCliAsync(["add", ...cell.modules], dir, env));
    expect(again.output).toContain("Already up to date");
    expect(await gitStatus()).toBe("");

    // An agent file edited by hand is not overwritten without --force, and nothing else is written.
    const edited = join(dir, "src/agent/http/auth.ts");
    writeFileSync(edited, `${readFileSync(edited, "utf8")}\n// tuned by hand\n`);
    const refused = await runCliAsync(["add", ...cell.modules], dir, env);
    expect(refused.code, explain(refused)).toBe(1);
    expect(refused.output).toContain("src/agent/http/auth.ts");
    expect(refused.output).toContain("--force");
    expect((await gitStatus()).trim()).toBe(`M ${join(cell.project, "src/agent/http/auth.ts").replace(/^\.\//, "")}`);
    await ok(sh("git", ["checkout", "--", "."], root));

    // The printed lines, pasted into the service's app, serve the agent's API under /agent.
    pasteMountLines(join(dir, mount![1]!), [mount![2]!.trim(), mount![3]!.trim()]);
    await ok(script("typecheck"));
    writeFileSync(join(dir, cell.probe.file), cell.probe.source);
    const probe = await ok(sh(cell.probe.command[0]!, cell.probe.command.slice(1)));
    expect(probe.output).toContain('probe 200 {"ok":true}');
    console.log(`${cell.fixture}: ok`);
  });
});
