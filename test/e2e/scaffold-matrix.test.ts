import { describe, expect, it } from "vitest";
import { cellEnv, ensurePnpm, run, runCliAsync, SCAFFOLD_ROOT, type Step } from "../support/scaffold.ts";
import { join } from "node:path";

// Every provider at least once, every module at least once, and pnpm once. Each cell is a user's
// first five minutes: create (which installs), then the project's own typecheck and tests.
const CELLS = [
  { name: "default-openai", args: ["--provider", "openai"] },
  { name: "anthropic-core", args: ["--provider", "anthropic", "--modules", "core"] },
  { name: "google-human", args: ["--provider", "google", "--modules", "core,human-contact"] },
  { name: "ollama-http", args: ["--provider", "ollama", "--modules", "core,http-api"] },
  { name: "compatible-pnpm", args: ["--provider", "openai-compatible", "--pm", "pnpm"] },
  { name: "bedrock-all", args: ["--provider", "bedrock"] },
  { name: "azure-all", args: ["--provider", "azure"] },
];

function explain(step: Step): string {
  return `${step.command} exited ${step.code} after ${step.seconds.toFixed(1)}s:\n${step.output.slice(-4000)}`;
}

describe.concurrent("a created project installs, typechecks and passes its own tests", () => {
  it.each(CELLS)("$name", async ({ name, args }) => {
    const pnpmBin = args.includes("pnpm") ? ensurePnpm() : "";
    const env = cellEnv(pnpmBin ? { PATH: `${pnpmBin}:${process.env.PATH}` } : {});
    const pm = args.includes("pnpm") ? "pnpm" : "npm";
    const dir = join(SCAFFOLD_ROOT, name);

    const created = await runCliAsync([name, "--yes", "--no-git", ...args], SCAFFOLD_ROOT, env);
    expect(created.code, explain(created)).toBe(0);
    const typecheck = await run(pm, ["run", "typecheck"], dir, env);
    expect(typecheck.code, explain(typecheck)).toBe(0);
    const test = await run(pm, ["test"], dir, env);
    expect(test.code, explain(test)).toBe(0);
    expect(test.output).toMatch(/Tests\s+\d+ passed/);
    console.log(`${name}: create+install ${created.seconds.toFixed(1)}s, typecheck ${typecheck.seconds.toFixed(1)}s, test ${test.seconds.toFixed(1)}s`);
  });
});
