import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BIN } from "./run-cli.ts";

// Scaffolds live outside the repository so nothing of ours (node_modules, tsconfig) leaks into them.
export const SCAFFOLD_ROOT = mkdtempSync(join(tmpdir(), "c12fa-e2e-"));

/**
 * One npm cache for every cell of a run (npm's own, or E2E_NPM_CACHE): the second install of a
 * package is a copy, not a download. npm's cache is safe for concurrent installs.
 */
const NPM_CACHE = process.env.E2E_NPM_CACHE;

export interface Step {
  command: string;
  code: number | null;
  output: string;
  seconds: number;
}

export function cellEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CI: "true",
    NO_COLOR: "1",
    ...(NPM_CACHE ? { npm_config_cache: NPM_CACHE } : {}),
    npm_config_prefer_offline: "true",
    npm_config_fund: "false",
    npm_config_audit: "false",
    npm_config_user_agent: "",
    // The generated project's own tests must pass with no keys and no network.
    OPENAI_API_KEY: "",
    ANTHROPIC_API_KEY: "",
    ...extra,
  };
}

/** Run a command to completion, capturing its output (async, so cells can run side by side). */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cellEnv()): Promise<Step> {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) =>
      resolvePromise({ command: [command, ...args].join(" "), code, output, seconds: (Date.now() - started) / 1000 }),
    );
  });
}

export function runCliAsync(args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Step> {
  return run(process.execPath, [BIN, ...args], cwd, env);
}

/** pnpm for the cells that use it: the machine's, else one installed from the npm registry into .tmp/. */
export function ensurePnpm(): string {
  try {
    execFileSync("pnpm", ["--version"], { stdio: "ignore" });
    return "";
  } catch {
    const prefix = resolve(import.meta.dirname, "../../.tmp/pnpm");
    const bin = join(prefix, "node_modules", ".bin");
    if (!existsSync(join(bin, "pnpm"))) {
      mkdirSync(prefix, { recursive: true });
      execFileSync("npm", ["install", "--prefix", prefix, "--no-save", "pnpm@10"], { stdio: "ignore", env: cellEnv() });
    }
    return bin;
  }
}
