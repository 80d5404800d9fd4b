import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cellEnv, run, runCliAsync, SCAFFOLD_ROOT, type Step } from "../support/scaffold.ts";

// A user's next five minutes after create: two tools (one gated by approval) and a prompt,
// then the project's own typecheck and tests, which now include the generated ones and the
// provider wire test that sends every registered tool.

function explain(step: Step): string {
  return `${step.command} exited ${step.code} after ${step.seconds.toFixed(1)}s:\n${step.output.slice(-4000)}`;
}

describe("generated tools and prompts typecheck and pass their tests", () => {
  it("generate-tool-prompt", async () => {
    const env = cellEnv();
    const name = "generate-tool-prompt";
    const dir = join(SCAFFOLD_ROOT, name);

    const created = await runCliAsync([name, "--yes", "--no-git"], SCAFFOLD_ROOT, env);
    expect(created.code, explain(created)).toBe(0);
    for (const args of [
      ["generate", "tool", "refund-order", "--approval", "--description", "Refund an order"],
      ["g", "tool", "lookupCustomer"],
      ["generate", "prompt", "triage"],
    ]) {
      const generated = await runCliAsync(args, dir, env);
      expect(generated.code, explain(generated)).toBe(0);
    }

    const typecheck = await run("npm", ["run", "typecheck"], dir, env);
    expect(typecheck.code, explain(typecheck)).toBe(0);
    const test = await run("npm", ["test"], dir, env);
    expect(test.code, explain(test)).toBe(0);
    for (const file of ["test/tools/refund-order.test.ts", "test/tools/lookup-customer.test.ts", "test/prompts/triage.test.ts", "test/provider-wire.test.ts"]) {
      expect(test.output).toContain(file);
    }
    expect(test.output).not.toMatch(/\bfailed\b/);
  });
});
