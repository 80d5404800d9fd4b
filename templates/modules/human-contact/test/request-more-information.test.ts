import { describe, expect, it } from "vitest";
import { buildInstructions } from "../src/agent/context.ts";
import { advance, type AgentDeps } from "../src/agent/loop.ts";
import { newThread, statusOf } from "../src/agent/thread.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { tools } from "../src/tools/index.ts";
import { answer, promptOf } from "./helpers/agent.ts";
import { scriptedModel, type ScriptedStep } from "./helpers/scripted-model.ts";

function setup(steps: ScriptedStep[]) {
  const store = new MemoryThreadStore();
  const model = scriptedModel(steps);
  // No `tools`: the registry as installed, request_more_information included.
  const deps: AgentDeps = { model, store, maxRetries: 0 };
  return { store, model, deps };
}

describe("request_more_information", () => {
  it("is in the registry and listed to the model as asking a human", () => {
    expect(tools.map((t) => t.name)).toContain("request_more_information");
    expect(buildInstructions(tools)).toContain("- request_more_information: Ask the user a question");
    expect(buildInstructions(tools)).toMatch(/request_more_information: .*\(asks a human\)/);
  });

  it("pauses for the user's answer and goes on with it", async () => {
    const { store, model, deps } = setup([
      {
        tool: "request_more_information",
        input: { question: "Which two numbers?", context: "You asked to multiply but gave no numbers.", choices: ["3 and 4", "5 and 6"] },
      },
      { tool: "multiply", input: { a: 3, b: 4 } },
      { tool: "done_for_now", input: { message: "3 times 4 is 12" } },
    ]);
    const paused = await advance(await store.create(newThread("multiply two numbers")), deps);

    expect(statusOf(paused.events)).toBe("awaiting_human");
    expect(paused.events.at(-1)).toMatchObject({
      type: "human_request",
      data: {
        call_id: "call_1",
        question: "Which two numbers?",
        context: "You asked to multiply but gave no numbers.",
        choices: ["3 and 4", "5 and 6"],
      },
    });
    expect(model.doGenerateCalls).toHaveLength(1);

    const finished = await advance(await answer(store, paused, { type: "response", response: "3 and 4" }), deps);
    expect(promptOf(model, 1)).toContain("<human_response>\\ncall_id: call_1\\nresponse: 3 and 4");
    expect(finished.events.at(-1)).toMatchObject({ type: "done", data: { message: "3 times 4 is 12" } });
  });

  it("lets the loop ask a human for help after repeated errors", async () => {
    const text: ScriptedStep = { text: "It is 12." };
    const { store, deps } = setup([text, text, text]);
    const paused = await advance(await store.create(newThread("multiply 3 and 4")), deps);

    expect(statusOf(paused.events)).toBe("awaiting_human");
    expect(paused.events.at(-1)).toMatchObject({
      type: "human_request",
      data: { question: expect.stringContaining("failed 3 times in a row") },
    });
  });
});
