import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { advance } from "../src/agent/loop.ts";
import { newThread, statusOf } from "../src/agent/thread.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { defineTool } from "../src/tools/types.ts";
import { answer, calculator, promptOf, setup, types } from "./helpers/agent.ts";
import { scriptedModel, type ScriptedStep } from "./helpers/scripted-model.ts";

describe("advance with a failing provider", () => {
  const serverError = (status: number) =>
    new APICallError({
      message: status === 429 ? "Rate limit reached" : "Internal server error",
      url: "http://127.0.0.1/v1/responses",
      requestBodyValues: {},
      statusCode: status,
      isRetryable: true,
      // Retry at once instead of the SDK's default backoff of seconds.
      responseHeaders: { "retry-after-ms": "0" },
    });

  it("records a provider error after retries as a model_error and keeps the thread", async () => {
    const { store, deps, start } = setup(
      [{ error: serverError(500) }, { error: serverError(500) }, { tool: "done_for_now", input: { message: "ok" } }],
      { maxRetries: 1 },
    );
    const thread = await advance(await start("hello"), deps);

    expect(types(thread)).toEqual(["user_message", "model_error", "tool_call", "done"]);
    expect(thread.events[1]).toMatchObject({
      data: { error: "provider answered 500: Internal server error", attempts: 2 },
    });
    expect(await store.get(thread.id)).toEqual(thread);
  });

  it("retries a rate limit inside one step", async () => {
    const { model, deps, start } = setup(
      [{ error: serverError(429) }, { tool: "done_for_now", input: { message: "ok" } }],
      { maxRetries: 2 },
    );
    const thread = await advance(await start("hello"), deps);
    expect(types(thread)).toEqual(["user_message", "tool_call", "done"]);
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it("records a timeout as a model_error", async () => {
    const store = new MemoryThreadStore();
    const model = scriptedModel([]);
    model.doGenerate = (options) =>
      new Promise((_, reject) => options.abortSignal?.addEventListener("abort", () => reject(options.abortSignal?.reason)));
    const thread = await advance(await store.create(newThread("hi")), {
      model, store, tools: calculator, timeoutMs: 20, maxConsecutiveErrors: 1,
    });
    expect(thread.events[1]).toMatchObject({ type: "model_error", data: { error: "the model did not answer within 20 ms" } });
  });
});

describe("escalation after repeated errors", () => {
  const askHuman = defineTool({
    name: "ask_human", description: "Ask the user a question.", kind: "human",
    inputSchema: z.object({ question: z.string() }),
  });
  const text: ScriptedStep = { text: "I think it is 12." };

  it("asks a human after 3 errors in a row instead of spinning", async () => {
    const { store, model, deps, start } = setup(
      [text, text, text, { tool: "done_for_now", input: { message: "12" } }],
      { tools: [...calculator, askHuman] },
    );
    const paused = await advance(await start("multiply 3 and 4"), deps);

    expect(model.doGenerateCalls).toHaveLength(3);
    expect(statusOf(paused.events)).toBe("awaiting_human");
    expect(paused.events.at(-1)).toMatchObject({
      type: "human_request",
      data: { question: expect.stringContaining("the agent failed 3 times in a row; last error: answered with text") },
    });

    // The human's answer counts as progress: the loop goes on.
    const finished = await advance(await answer(store, paused, { type: "response", response: "use the tools" }), deps);
    expect(statusOf(finished.events)).toBe("done");
    expect(promptOf(model, 3)).toContain("use the tools");
  });

  it("fails with a clear reason when there is no way to ask a human", async () => {
    const { model, deps, start } = setup([text, text, text, text]);
    const thread = await advance(await start("multiply 3 and 4"), deps);

    expect(model.doGenerateCalls).toHaveLength(3);
    expect(thread.events.at(-1)).toMatchObject({
      type: "failed",
      data: { reason: expect.stringContaining("the agent failed 3 times in a row") },
    });
  });

  it("does not count errors that were followed by progress", async () => {
    const { deps, start } = setup([
      text, text, { tool: "add", input: { a: 1, b: 1 } }, text, text,
      { tool: "done_for_now", input: { message: "2" } },
    ]);
    const thread = await advance(await start("add 1 and 1"), deps);
    expect(statusOf(thread.events)).toBe("done");
  });
});
