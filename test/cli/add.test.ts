import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/run-cli.ts";

/** Every file under dir, path -> content: to prove a command wrote nothing. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[relative(dir, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name), "utf8");
  }
  return files;
}

function host(files: Record<string, string>): string {
  const dir = tempDir("c12fa-add-");
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const service = () =>
  host({
    "package.json": `${JSON.stringify({ name: "svc", type: "module", scripts: { test: "vitest run", typecheck: "tsc" }, dependencies: { express: "^5.1.0" }, devDependencies: { vitest: "^5.1.1", tsx: "^4.20.0" } }, null, 2)}\n`,
    "tsconfig.json": `{\n  "compilerOptions": { "module": "nodenext", "strict": true, "skipLibCheck": true, "lib": ["es2023"] },\n  "include": ["src"]\n}\n`,
    "src/app.ts": `import express from "express";\nexport const app = express();\n`,
  });

describe("add: preflight errors change nothing", () => {
  it("without package.json: exit 1, says so and points at create", () => {
    const cwd = tempDir();
    const result = runCli(["add", "core"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`there is no package.json in ${cwd}`);
    expect(result.stderr).toContain("npx create-12-factor-agent my-agent");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("with a package.json that is not JSON: exit 1 with the parse error and the file", () => {
    const cwd = host({ "package.json": `{ "name": "svc", }` });
    const result = runCli(["add", "core"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(cwd, "package.json")} is not valid JSON:`);
    expect(result.stderr).toMatch(/JSON at position|Expected double-quoted property name/);
    expect(snapshot(cwd)).toEqual({ "package.json": `{ "name": "svc", }` });
  });

  it("an unknown module: exit 2 naming the known ones", () => {
    const cwd = service();
    const before = snapshot(cwd);
    const result = runCli(["add", "slack", "core"], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown module "slack"; known modules: core, human-contact, http-api');
    expect(snapshot(cwd)).toEqual(before);
  });

  it("no module at all, or an unknown provider: exit 2", () => {
    const cwd = service();
    expect(runCli(["add"], { cwd }).code).toBe(2);
    const provider = runCli(["add", "core", "--provider", "skynet"], { cwd });
    expect(provider.code).toBe(2);
    expect(provider.stderr).toContain("skynet");
  });

  it("--dir outside the project, or at its root: exit 2", () => {
    const cwd = service();
    for (const dir of ["../elsewhere", ".", "/tmp/agent", "node_modules/agent"]) {
      const result = runCli(["add", "core", "--dir", dir], { cwd });
      expect(result.code, dir).toBe(2);
      expect(result.stderr, dir).toContain(`--dir ${dir}:`);
    }
  });

  it("an agent folder that holds the user's own files: exit 1, never mixed in", () => {
    const cwd = service();
    writeFileSync(join(cwd, "src/agent.ts"), "");
    mkdirSync(join(cwd, "src/agent"));
    writeFileSync(join(cwd, "src/agent/mine.ts"), "export {};\n");
    const before = snapshot(cwd);
    const result = runCli(["add", "core"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("src/agent/ already exists with files of yours (mine.ts)");
    expect(result.stderr).toContain("--dir");
    expect(snapshot(cwd)).toEqual(before);
  });

  it("a TypeScript program compiled to CommonJS: exit 1 with both ways out", () => {
    const cwd = host({ "package.json": `{ "name": "old" }`, "tsconfig.json": `{ "compilerOptions": { "module": "commonjs" } }`, "src/index.ts": "" });
    const result = runCli(["add", "core"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('compiles to CommonJS ("module": "commonjs")');
    expect(result.stderr).toContain("--dir agent");
    expect(Object.keys(snapshot(cwd)).sort()).toEqual(["package.json", "src/index.ts", "tsconfig.json"]);
  });

  it("a manifest that is not JSON: exit 1 naming it", () => {
    const cwd = service();
    writeFileSync(join(cwd, "12-factor-agent.json"), "{ oops");
    const result = runCli(["add", "core"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("12-factor-agent.json is not valid JSON");
  });
});

describe("add in a repository", () => {
  it("--dry-run prints the plan with the shared files as diffs and writes nothing", () => {
    const cwd = service();
    const before = snapshot(cwd);
    const result = runCli(["add", "http-api", "--dry-run"], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("add core (needed by http-api), http-api");
    expect(result.stdout).toContain("relative imports written with .js");
    expect(result.stdout).toContain("create   src/agent/loop.ts");
    expect(result.stdout).toContain("create   src/agent/http/node-handler.ts");
    expect(result.stdout).toContain('+    "agent:dev": "node --import tsx --env-file-if-exists=.env src/agent/cli.ts"');
    expect(result.stdout).toContain('+    "ai": "7.0.173"');
    expect(result.stdout).toContain('import { agentHandler } from "./agent/http/node-handler.js";');
    expect(result.stdout).toContain('app.use("/agent", agentHandler());');
    expect(result.stdout).toContain("nothing was written");
    expect(snapshot(cwd)).toEqual(before);
  });

  it("writes the agent folder, then a second add is already up to date", () => {
    const cwd = service();
    const first = runCli(["add", "http-api"], { cwd });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Added core, http-api: \d+ file\(s\) created/);
    const manifest = JSON.parse(readFileSync(join(cwd, "12-factor-agent.json"), "utf8"));
    expect(manifest).toMatchObject({ modules: ["core", "http-api"], agentDir: "src/agent", layout: { imports: "js" } });
    expect(readFileSync(join(cwd, "src/app.ts"), "utf8")).toBe(`import express from "express";\nexport const app = express();\n`);

    const after = snapshot(cwd);
    const second = runCli(["add", "http-api"], { cwd });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Already up to date");
    expect(snapshot(cwd)).toEqual(after);
  });

  it("refuses a generated file the user changed, listing it and writing nothing; --force restores it", () => {
    const cwd = service();
    expect(runCli(["add", "http-api"], { cwd }).code).toBe(0);
    const pristine = readFileSync(join(cwd, "src/agent/http/auth.ts"), "utf8");
    writeFileSync(join(cwd, "src/agent/http/auth.ts"), "// my own auth\n");
    const before = snapshot(cwd);

    const refused = runCli(["add", "http-api"], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("conflict src/agent/http/auth.ts (exists with other content)");
    expect(refused.stderr).toContain("1 file(s) exist with other content");
    expect(refused.stderr).toContain("  src/agent/http/auth.ts");
    expect(refused.stderr).toContain("--force");
    expect(snapshot(cwd)).toEqual(before);

    const forced = runCli(["add", "http-api", "--force"], { cwd });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("--force: overwrote src/agent/http/auth.ts");
    expect(readFileSync(join(cwd, "src/agent/http/auth.ts"), "utf8")).toBe(pristine);
  });

  it("keeps the folder the manifest names", () => {
    const cwd = service();
    expect(runCli(["add", "core", "--dir", "src/bot"], { cwd }).code).toBe(0);
    const other = runCli(["add", "http-api", "--dir", "src/agent"], { cwd });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("this project's agent is in src/bot/");
    const same = runCli(["add", "http-api"], { cwd });
    expect(same.code, same.stderr).toBe(0);
    expect(snapshot(cwd)["src/bot/http/app.ts"]).toBeDefined();
  });

  it("a JavaScript package gets a TypeScript folder of its own and says so", () => {
    const cwd = host({ "package.json": `${JSON.stringify({ name: "js-svc", scripts: { test: "node --test" } }, null, 2)}\n`, "index.js": "module.exports = {};\n" });
    const result = runCli(["add", "core"], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("JavaScript (CommonJS)");
    expect(result.stdout).toContain("the agent is a TypeScript folder of its own: agent/ with its own tsconfig.json");
    const files = snapshot(cwd);
    expect(JSON.parse(files["agent/package.json"]!).type).toBe("module");
    expect(files["agent/tsconfig.json"]).toBeDefined();
    expect(files["agent/tests/loop.vitest.ts"]).toBeDefined();
    expect(Object.keys(files).some((path) => path.endsWith(".test.ts"))).toBe(false);
    expect(JSON.parse(files["package.json"]!).scripts).toMatchObject({ test: "node --test", "agent:test": "vitest run --root agent", "agent:typecheck": "tsc -p agent" });
  });
});

describe("add in a project made by create", () => {
  it("create with http-api and create without it plus add http-api give the same files", () => {
    const [all, later] = [tempDir(), tempDir()];
    const args = ["--no-install", "--no-git", "--yes", "--provider", "anthropic"];
    expect(runCli(["bot", "--modules", "core,human-contact,http-api", ...args], { cwd: all }).code).toBe(0);
    expect(runCli(["bot", "--modules", "core,human-contact", ...args], { cwd: later }).code).toBe(0);
    const added = runCli(["add", "http-api", "--cwd", "bot"], { cwd: later });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain("files go where create puts them");
    const expected = snapshot(join(all, "bot"));
    expect(Object.keys(expected)).toContain("src/server.ts");
    expect(snapshot(join(later, "bot"))).toEqual(expected);
  });

  it("refuses --dir and a second provider: the project already decided both", () => {
    const cwd = tempDir();
    expect(runCli(["bot", "--modules", "core", "--no-install", "--no-git", "--yes"], { cwd }).code).toBe(0);
    const dir = runCli(["add", "http-api", "--cwd", "bot", "--dir", "src/x"], { cwd });
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain("made by create-12-factor-agent");
    const provider = runCli(["add", "http-api", "--cwd", "bot", "--provider", "google"], { cwd });
    expect(provider.code).toBe(2);
    expect(provider.stderr).toContain("this project's agent uses openai");
  });
});
