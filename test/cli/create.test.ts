import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "../../src/registry/providers.ts";
import { runCli, startCli, tempDir } from "../support/run-cli.ts";

const gitEnv = {
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

describe("create --dry-run", () => {
  it.each(PROVIDERS.map((p) => [p.id, p] as const))("%s: lists the provider's files, package and env vars, writes nothing", (id, provider) => {
    const cwd = tempDir();
    const result = runCli(["my-agent", "--provider", id, "--dry-run"], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("create   src/llm/provider.ts");
    expect(result.stdout).toContain("create   package.json");
    expect(result.stdout).toContain("create   12-factor-agent.json");
    expect(result.stdout).toContain(`"${provider.package}"`);
    for (const variable of provider.env) expect(result.stdout).toContain(variable.name);
    expect(result.stdout).toContain("nothing was written");
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("bad input changes nothing", () => {
  it.each(["My Agent", "bad!name", ".hidden", "../escape", "/tmp/absolute"])("refuses the name %j with the rule and exit 2", (name) => {
    const cwd = tempDir();
    const result = runCli([name, "--yes"], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid project directory/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("refuses a non-empty directory, listing what is there", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "my-agent"));
    writeFileSync(join(cwd, "my-agent", "notes.txt"), "mine");
    const result = runCli(["my-agent", "--yes", "--no-install"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("my-agent is not empty (notes.txt)");
    expect(result.stderr).toContain("--force");
    expect(readdirSync(join(cwd, "my-agent"))).toEqual(["notes.txt"]);
  });

  it("refuses an unknown module and an unavailable store, naming the flag", () => {
    const cwd = tempDir();
    const modules = runCli(["my-agent", "--modules", "core,slack"], { cwd });
    expect(modules.code).toBe(2);
    expect(modules.stderr).toContain('unknown module "slack"; known modules: core, human-contact, http-api');
    const store = runCli(["my-agent", "--store", "redis"], { cwd });
    expect(store.code).toBe(2);
    expect(store.stderr).toContain("--store");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("without a TTY and without a directory, exits 2 naming the argument instead of waiting", () => {
    const result = runCli([], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing the project directory");
  });

  it("never waits on an open non-TTY stdin", async () => {
    const cwd = tempDir();
    const child = startCli(["my-agent", "--no-install", "--no-git"], { cwd });
    // stdin stays open and silent; the CLI must finish by itself with defaults.
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    expect(existsSync(join(cwd, "my-agent", "package.json"))).toBe(true);
  });
});

describe("create", () => {
  it("writes the project, its manifest and a first commit; leaves no temp directory", () => {
    const cwd = tempDir();
    const result = runCli(["my-agent", "--provider", "anthropic", "--no-install"], { cwd, env: gitEnv });
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(cwd)).toEqual(["my-agent"]);
    const dir = join(cwd, "my-agent");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(pkg.name).toBe("my-agent");
    expect(pkg.dependencies["@ai-sdk/anthropic"]).toMatch(/^\d+\.\d+\.\d+$/);
    const manifest = JSON.parse(readFileSync(join(dir, "12-factor-agent.json"), "utf8"));
    expect(manifest).toMatchObject({ provider: "anthropic", store: "file", modules: ["core", "human-contact", "http-api"] });
    expect(Object.keys(manifest.files)).toContain("src/agent/loop.ts");
    expect(readFileSync(join(dir, "src/tools/index.ts"), "utf8")).toContain("requestMoreInformation");
    expect(existsSync(join(dir, ".gitignore"))).toBe(true);
    expect(existsSync(join(dir, ".git"))).toBe(true);
    expect(result.stdout).toContain("cd my-agent");
    expect(result.stdout).toContain("npm install");
  });

  it("`.` creates in the current (empty) directory, named after it", () => {
    const cwd = join(tempDir(), "support-bot");
    mkdirSync(cwd);
    const result = runCli([".", "--no-install", "--no-git"], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, "package.json"), "utf8")).name).toBe("support-bot");
  });

  it("--force writes into a non-empty directory, lists what it overwrites and deletes nothing", () => {
    const cwd = tempDir();
    const dir = join(cwd, "my-agent");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine");
    writeFileSync(join(dir, "tsconfig.json"), "{}");
    const result = runCli(["my-agent", "--force", "--no-install", "--no-git"], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/overwriting 1 existing file\(s\)[\s\S]*tsconfig\.json/);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(existsSync(join(dir, "src/agent/loop.ts"))).toBe(true);
  });

  it("uses the package manager that ran it, or --pm", () => {
    const cwd = tempDir();
    const detected = runCli(["my-agent", "--dry-run"], { cwd, env: { npm_config_user_agent: "pnpm/9.12.0 npm/? node/v24.0.0 linux x64" } });
    expect(detected.stdout).toContain("would then run: pnpm install");
    const flagged = runCli(["my-agent", "--dry-run", "--pm", "bun"], { cwd, env: { npm_config_user_agent: "pnpm/9.12.0" } });
    expect(flagged.stdout).toContain("would then run: bun install");
  });

  it("a failed install keeps the complete project and prints the output tail and the retry command", () => {
    const cwd = tempDir();
    const bin = tempDir("fake-pm-");
    writeFileSync(join(bin, "npm"), "#!/bin/sh\necho 'npm ERR! code E404'\necho 'npm ERR! 404 Not Found - GET https://registry/x' >&2\nexit 1\n", { mode: 0o755 });
    const result = runCli(["my-agent", "--no-git", "--pm", "npm"], { cwd, env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("npm install failed");
    expect(result.stderr).toContain("npm ERR! 404 Not Found");
    expect(result.stderr).toContain("Retry with: cd my-agent && npm install");
    expect(existsSync(join(cwd, "my-agent", "12-factor-agent.json"))).toBe(true);
  });
});

describe("interruption", () => {
  it("SIGINT at any point leaves either no project or the whole project, and never a temp directory", async () => {
    const outcomes = { none: 0, complete: 0 };
    // Sweep the moment of the signal from before start-up is done to after the write, until both
    // outcomes were seen twice (a loaded machine starts slower, so the sweep adapts to it).
    for (let delay = 5, runs = 0; delay < 3000 && (runs < 24 || outcomes.none < 2 || outcomes.complete < 2); delay += 8, runs++) {
      const cwd = tempDir();
      const child = startCli(["my-agent", "--no-install", "--no-git"], { cwd });
      const exited = new Promise((resolve) => child.on("exit", resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill("SIGINT");
      await exited;
      const entries = readdirSync(cwd);
      expect(entries.filter((entry) => entry.endsWith(".tmp")), `signal after ${delay} ms`).toEqual([]);
      if (entries.length === 0) {
        outcomes.none++;
        continue;
      }
      expect(entries).toEqual(["my-agent"]);
      const manifest = JSON.parse(readFileSync(join(cwd, "my-agent", "12-factor-agent.json"), "utf8"));
      for (const path of Object.keys(manifest.files)) expect(existsSync(join(cwd, "my-agent", path)), path).toBe(true);
      outcomes.complete++;
    }
    // Both outcomes occurred, so the test really interrupted at many points.
    expect(outcomes.none).toBeGreaterThanOrEqual(2);
    expect(outcomes.complete).toBeGreaterThanOrEqual(2);
  });
});
