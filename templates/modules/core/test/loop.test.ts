import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { advance } from "../src/agent/loop.ts";
import { statusOf } from "../src/agent/thread.ts";
import { doneForNow } from "../src/tools/done-for-now.ts";
import { defineTool } from "../src/tools/types.ts";
import { answer, calculator, promptOf, setup, types } from "./helpers/agent.ts";
import type { ScriptedStep } from "./helpers/scripted-model.ts";

describe("advance", () => {
  it("runs a tool, shows its result to the model and finishes", async () => {
    const { store, model, deps, start } = setup([
      { tool: "multiply", input: { a: 3, b: 4 } },
      { tool: "done_for_now", input: { message: "3 times 4 is 12" } },
    ]);
    const thread = await advance(await start("multiply 3 and 4"), deps);

    expect(types(thread)).toEqual(["user_message", "tool_call", "tool_result", "tool_call", "done"]);
    expect(thread.events[2]).toMatchObject({ type: "tool_result", data: { tool: "multiply", output: 12 } });
    expect(thread.events.at(-1)).toMatchObject({ data: { message: "3 times 4 is 12" } });
    expect(promptOf(model, 1)).toContain("output: 12");
    // Persisted after every event: the store holds exactly what was returned.
    expect(await store.get(thread.id)).toEqual(thread);
    // One write per event, plus one claim before the tool ran.
    expect(thread.version).toBe(1 + (thread.events.length - 1) + 1);
  });

  it("calls onEvent once per stored event, in order", async () => {
    const seen: string[] = [];
    const { deps, start } = setup(
      [{ tool: "add", input: { a: 1, b: 2 } }, { tool: "done_for_now", input: { message: "3" } }],
      { onEvent: (e, t) => seen.push(`${e.type}@${t.version}`) },
    );
    await advance(await start("add 1 and 2"), deps);
    // Version 3 is the claim written before add ran: no event, so no onEvent.
    expect(seen).toEqual(["tool_call@2", "tool_result@4", "tool_call@5", "done@6"]);
  });

  it("pauses for approval and runs the call once approved", async () => {
    const { store, deps, start } = setup([
      { tool: "divide", input: { a: 10, b: 2 } },
      { tool: "done_for_now", input: { message: "5" } },
    ]);
    const paused = await advance(await start("divide 10 by 2"), deps);
    expect(statusOf(paused.events)).toBe("awaiting_approval");
    expect(paused.events.at(-1)).toMatchObject({ type: "approval_request", data: { tool: "divide", input: { a: 10, b: 2 } } });
    expect(types(paused)).not.toContain("tool_result");

    const finished = await advance(await answer(store, paused, { type: "approval", approved: true }), deps);
    expect(types(finished).slice(-4)).toEqual(["approval_response", "tool_result", "tool_call", "done"]);
    expect(finished.events.find((e) => e.type === "tool_result")).toMatchObject({ data: { output: 5 } });
  });

  it("tells the model the user denied the call, with their comment", async () => {
    const { store, model, deps, start } = setup([
      { tool: "divide", input: { a: 10, b: 3 } },
      { tool: "done_for_now", input: { message: "Understood, I will not divide." } },
    ]);
    const paused = await advance(await start("divide 10 by 3"), deps);
    const comment = "use whole numbers only";
    const finished = await advance(await answer(store, paused, { type: "approval", approved: false, comment }), deps);

    const denial = 'user denied the operation with feedback: \\"use whole numbers only\\"';
    expect(promptOf(model, 1)).toContain(denial);
    expect(finished.events.find((e) => e.type === "tool_result")).toMatchObject({
      data: { output: `user denied the operation with feedback: "${comment}"` },
    });
    expect(statusOf(finished.events)).toBe("done");
  });

  it("records a throwing handler as a tool_error the model sees", async () => {
    const { store, model, deps, start } = setup([
      { tool: "divide", input: { a: 1, b: 0 } },
      { tool: "done_for_now", input: { message: "Dividing by zero is undefined." } },
    ]);
    const paused = await advance(await start("divide 1 by 0"), deps);
    const finished = await advance(await answer(store, paused, { type: "approval", approved: true }), deps);

    expect(finished.events.find((e) => e.type === "tool_error")).toMatchObject({
      data: { tool: "divide", error: "cannot divide by zero" },
    });
    expect(promptOf(model, 1)).toContain("error: cannot divide by zero");
    expect(statusOf(finished.events)).toBe("done");
  });

  it("recovers from bad arguments: the model sees the error and corrects the call", async () => {
    const { model, deps, start } = setup([
      { tool: "multiply", input: { a: "three", b: 4 } },
      { tool: "multiply", input: { a: 3, b: 4 } },
      { tool: "done_for_now", input: { message: "12" } },
    ]);
    const thread = await advance(await start("multiply three and 4"), deps);

    expect(types(thread)).toEqual([
      "user_message", "tool_call", "tool_error", "tool_call", "tool_result", "tool_call", "done",
    ]);
    expect(thread.events[2]).toMatchObject({ data: { error: expect.stringContaining("invalid input for multiply: a:") } });
    expect(promptOf(model, 1)).toContain("invalid input for multiply");
  });

  it("answers an unknown tool with the list of real ones", async () => {
    const { model, deps, start } = setup([
      { tool: "square_root", input: { x: 16 } },
      { tool: "done_for_now", input: { message: "I cannot take square roots." } },
    ]);
    const thread = await advance(await start("square root of 16"), deps);

    expect(thread.events[2]).toMatchObject({
      type: "tool_error",
      data: { tool: "square_root", error: 'unknown tool "square_root"; the tools are: add, multiply, divide, done_for_now' },
    });
    expect(promptOf(model, 1)).toContain("unknown tool");
    expect(statusOf(thread.events)).toBe("done");
  });

  it("records a text-only answer as a model_error and asks again", async () => {
    const { model, deps, start } = setup([
      { text: "The answer is 12." },
      { tool: "done_for_now", input: { message: "12" } },
    ]);
    const thread = await advance(await start("multiply 3 and 4"), deps);

    expect(types(thread)).toEqual(["user_message", "model_error", "tool_call", "done"]);
    expect(thread.events[1]).toMatchObject({
      data: { error: expect.stringContaining('answered with text instead of calling a tool: "The answer is 12."') },
    });
    expect(promptOf(model, 1)).toContain("call done_for_now");
  });

  it("fails the thread after maxSteps model calls", async () => {
    const busy: ScriptedStep = { tool: "add", input: { a: 1, b: 1 } };
    const { model, deps, start } = setup([busy, busy, busy, busy], { maxSteps: 3 });
    const thread = await advance(await start("keep adding"), deps);

    expect(model.doGenerateCalls).toHaveLength(3);
    expect(thread.events.at(-1)).toMatchObject({
      type: "failed",
      data: { reason: expect.stringContaining("stopped after 3 model steps") },
    });
  });

  it("does nothing with a thread that is already done", async () => {
    const { model, deps, start } = setup([{ tool: "done_for_now", input: { message: "hi" } }]);
    const done = await advance(await start("say hi"), deps);
    expect(await advance(done, deps)).toEqual(done);
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it("keeps call ids unique when a server repeats them", async () => {
    const { store, start } = setup([]);
    const answer = (toolName: string, input: unknown) => ({
      content: [{ type: "tool-call" as const, toolCallId: "same", toolName, input: JSON.stringify(input) }],
      finishReason: { unified: "tool-calls" as const, raw: "tool_calls" },
      usage: {
        inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 1, text: 1, reasoning: 0 },
      },
      warnings: [],
    });
    const model = new MockLanguageModelV4({
      doGenerate: [answer("add", { a: 1, b: 2 }), answer("done_for_now", { message: "3" })],
    });
    const thread = await advance(await start("add 1 and 2"), { model, store, tools: calculator });

    const ids = thread.events.flatMap((e) => (e.type === "tool_call" ? [e.data.call_id] : []));
    expect(ids).toEqual(["same", "call_3"]);
    expect(statusOf(thread.events)).toBe("done");
  });

  it("rejects a tool output that cannot be stored as JSON", async () => {
    const bigint = defineTool({
      name: "big", description: "returns a bigint", kind: "action",
      inputSchema: z.object({}), execute: () => 10n,
    });
    const { deps, start } = setup(
      [{ tool: "big", input: {} }, { tool: "done_for_now", input: { message: "ok" } }],
      { tools: [bigint, doneForNow] },
    );
    const thread = await advance(await start("go"), deps);
    expect(thread.events[2]).toMatchObject({ type: "tool_error", data: { error: expect.stringContaining("JSON") } });
  });
});
