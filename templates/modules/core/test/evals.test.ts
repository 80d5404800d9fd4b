import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cases } from "../evals/cases.ts";
import { runCase } from "../evals/run-case.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { tools } from "../src/tools/index.ts";
import { defineTool } from "../src/tools/types.ts";
import { scriptedModel } from "./helpers/scripted-model.ts";

// The eval harness itself, run against a scripted model: it must pass a correct
// run and say exactly what is wrong with a bad one.
describe("eval cases", () => {
  const deps = (steps: Parameters<typeof scriptedModel>[0]) => ({
    model: scriptedModel(steps), store: new MemoryThreadStore(), maxRetries: 0,
  });

  it("only name tools that exist", () => {
    const names = new Set(tools.map((t) => t.name));
    for (const c of cases) for (const tool of c.expectTools ?? []) expect(names, c.name).toContain(tool);
  });

  it("pass a run that does what the case expects, approvals answered", async () => {
    const divide = cases.find((c) => c.name === "divides once approved");
    if (!divide) throw new Error("case missing");
    const result = await runCase(divide, deps([
      { tool: "divide", input: { a: 10, b: 4 } },
      { tool: "done_for_now", input: { message: "10 / 4 = 2.5" } },
    ]));
    expect(result.problems).toEqual([]);
  });

  it("report the wrong tools and a wrong final answer", async () => {
    const result = await runCase(
      { name: "x", message: "multiply 3 and 4", expectTools: ["multiply", "done_for_now"], finalIncludes: ["12"] },
      deps([{ tool: "done_for_now", input: { message: "13" } }]),
    );
    expect(result.problems).toEqual([
      "called done_for_now; expected multiply, done_for_now",
      'final answer lacks "12": 13',
    ]);
  });

  it("answer approvals as the case says", async () => {
    const result = await runCase(
      { name: "x", message: "divide 1 by 2", approve: { approved: false, comment: "no" } },
      deps([{ tool: "divide", input: { a: 1, b: 2 } }, { tool: "done_for_now", input: { message: "not divided" } }]),
    );
    expect(result.problems).toEqual([]);
    expect(result.thread.events.find((e) => e.type === "tool_result")?.data).toMatchObject({
      output: 'user denied the operation with feedback: "no"',
    });
  });

  it("report a run that stops on a question the case has no answer for", async () => {
    const ask = defineTool({
      name: "ask", description: "Ask the user.", kind: "human", inputSchema: z.object({ question: z.string() }),
    });
    const result = await runCase(
      { name: "x", message: "divide by something" },
      { ...deps([{ tool: "ask", input: { question: "By what?" } }]), tools: [...tools, ask] },
    );
    expect(result.problems).toEqual(["ended awaiting_human instead of done"]);
  });
});
