import { cpSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cellEnv, run, SCAFFOLD_ROOT, type Step } from "../support/scaffold.ts";

// After `add core` in an Express service compiled with NodeNext, a user's next minutes: a tool
// gated by approval and a prompt, generated into the agent's folder with `.js` imports, then the
// service's own typecheck and tests, and the agent's test script, all green.

const FIXTURES = resolve(import.meta.dirname, "../fixtures");

// The CLI as a package, copied once, so the run uses one version of the templates throughout.
const PACKAGE = join(SCAFFOLD_ROOT, "create-12-factor-agent");
for (const entry of ["bin", "dist", "templates", "package.json"]) {
  cpSync(resolve(import.meta.dirname, "../..", entry), join(PACKAGE, entry), { recursive: true });
}
const runCli = (args: string[], cwd: string, env: NodeJS.ProcessEnv) => run(process.execPath, [join(PACKAGE, "bin/create-12-factor-agent.js"), ...args], cwd, env);

function explain(step: Step): string {
  return `${step.command} exited ${step.code} after ${step.seconds.toFixed(1)}s:\n${step.output.slice(-5000)}`;
}

async function ok(step: Promise<Step>): Promise<Step> {
  const done = await step;
  expect(done.code, explain(done)).toBe(0);
  return done;
}

describe("generate in a service the agent was added to", () => {
  it("express-nodenext: add core, generate tool and prompt, typecheck and test", async () => {
    const env = cellEnv();
    const dir = join(SCAFFOLD_ROOT, "generate-express-nodenext");
    cpSync(join(FIXTURES, "express-nodenext"), dir, { recursive: true });
    const sh = (command: string, args: string[]) => ok(run(command, args, dir, env));

    await ok(runCli(["add", "core"], dir, env));
    await sh("npm", ["install"]);

    const tool = await ok(runCli(["generate", "tool", "refund-order", "--approval"], dir, env));
    const prompt = await ok(runCli(["generate", "prompt", "triage"], dir, env));
    console.log(`--- generate tool refund-order --approval ---\n${tool.output}\n--- generate prompt triage ---\n${prompt.output}`);
    for (const path of ["src/agent/tools/refund-order.ts", "src/agent/test/tools/refund-order.test.ts", "src/agent/tools/index.ts"]) {
      expect(tool.output).toContain(path);
    }
    expect(tool.output).toContain("npm run agent:test");
    for (const path of ["src/agent/prompts/triage.md", "src/agent/test/prompts/triage.test.ts", "src/agent/prompt-variables.ts"]) {
      expect(prompt.output).toContain(path);
    }
    expect(readFileSync(join(dir, "src/agent/tools/index.ts"), "utf8")).toContain('import { refundOrder } from "./refund-order.js";');

    // The service's checks take the generated files in (its tsconfig includes src/, vitest finds every *.test.ts).
    await sh("npm", ["run", "typecheck"]);
    const hostTests = await sh("npm", ["test"]);
    const agentTests = await sh("npm", ["run", "agent:test"]);
    for (const output of [hostTests.output, agentTests.output]) {
      expect(output).toMatch(/tools\/refund-order\.test\.ts/);
      expect(output).toMatch(/prompts\/triage\.test\.ts/);
      expect(output).not.toMatch(/\bfailed\b/);
    }
    expect(hostTests.output).toContain("test/orders.test.ts");
  });
});
