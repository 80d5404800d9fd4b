import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { applyAnswer, type HumanAnswer } from "../src/agent/answer.ts";
import type { AgentEvent } from "../src/agent/events.ts";
import { advance, type AgentDeps } from "../src/agent/loop.ts";
import { newThread, statusOf, type Thread } from "../src/agent/thread.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { VersionConflictError, type ThreadStore } from "../src/store/types.ts";
import { add } from "../src/tools/add.ts";
import { divide } from "../src/tools/divide.ts";
import { doneForNow } from "../src/tools/done-for-now.ts";
import { multiply } from "../src/tools/multiply.ts";
import { defineTool, type AnyTool } from "../src/tools/types.ts";
import { scriptedModel, type ScriptedStep } from "./helpers/scripted-model.ts";

const calculator: AnyTool[] = [add, multiply, divide, doneForNow];

function setup(steps: ScriptedStep[], options: Partial<AgentDeps> = {}) {
  const store = new MemoryThreadStore();
  const model = scriptedModel(steps);
  const deps: AgentDeps = { model, store, tools: calculator, maxRetries: 0, ...options };
  const start = (message: string) => store.create(newThread(message));
  return { store, model, deps, start };
}

/** What the model was shown on call n (the one user message of the prompt). */
function promptOf(model: ReturnType<typeof scriptedModel>, n: number): string {
  return JSON.stringify(model.doGenerateCalls[n]?.prompt);
}

const types = (thread: Thread) => thread.events.map((e) => e.type);

async function answer(store: ThreadStore, thread: Thread, reply: HumanAnswer): Promise<Thread> {
  const applied = applyAnswer(thread, reply);
  if (!applied.ok) throw new Error(applied.reason);
  return store.update(applied.thread, thread.version);
}

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
    expect(thread.version).toBe(1 + thread.events.length - 1);
  });

  it("calls onEvent once per stored event, in order", async () => {
    const seen: string[] = [];
    const { deps, start } = setup(
      [{ tool: "add", input: { a: 1, b: 2 } }, { tool: "done_for_now", input: { message: "3" } }],
      { onEvent: (e, t) => seen.push(`${e.type}@${t.version}`) },
    );
    await advance(await start("add 1 and 2"), deps);
    expect(seen).toEqual(["tool_call@2", "tool_result@3", "tool_call@4", "done@5"]);
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

describe("resuming", () => {
  function countingTool() {
    const runs: string[] = [];
    const charge = defineTool({
      name: "charge", description: "Charge the card.", kind: "action", requiresApproval: true,
      inputSchema: z.object({ cents: z.number() }),
      execute: (_input, { idempotencyKey }) => {
        runs.push(idempotencyKey);
        return "charged";
      },
    });
    return { charge, runs };
  }

  it("runs an approved call exactly once, even when advance is called twice", async () => {
    const { charge, runs } = countingTool();
    const { store, deps, start } = setup(
      [{ tool: "charge", input: { cents: 500 } }, { tool: "done_for_now", input: { message: "charged" } }],
      { tools: [charge, doneForNow] },
    );
    const paused = await advance(await start("charge 5 dollars"), deps);
    const approved = await answer(store, paused, { type: "approval", approved: true });

    const first = await advance(approved, deps);
    // A second worker holding the same (now stale) copy picks the thread up again.
    const second = await advance(approved, deps);

    expect(runs).toEqual([`${paused.id}:1`]);
    expect(second).toEqual(first);
  });

  it("runs an approved call left behind by a crash, without asking the model again", async () => {
    const { charge, runs } = countingTool();
    const { store, model, deps } = setup([{ tool: "done_for_now", input: { message: "charged" } }], {
      tools: [charge, doneForNow],
    });
    // As stored by a process that died right after the approval was recorded.
    const at = new Date().toISOString();
    const events: AgentEvent[] = [
      { type: "user_message", at, data: { message: "charge 5 dollars" } },
      { type: "tool_call", at, data: { call_id: "c1", tool: "charge", input: { cents: 500 } } },
      { type: "approval_request", at, data: { call_id: "c1", tool: "charge", input: { cents: 500 } } },
      { type: "approval_response", at, data: { call_id: "c1", approved: true } },
    ];
    const stored = await store.create({ ...newThread("charge 5 dollars"), events });

    const thread = await advance(stored, deps);
    expect(runs).toEqual([`${stored.id}:1`]);
    expect(types(thread).slice(4)).toEqual(["tool_result", "tool_call", "done"]);
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it("never runs a call whose result is already recorded", async () => {
    const { charge, runs } = countingTool();
    const { store, deps } = setup([{ tool: "done_for_now", input: { message: "charged" } }], {
      tools: [charge, doneForNow],
    });
    const at = new Date().toISOString();
    const stored = await store.create({
      ...newThread("charge 5 dollars"),
      events: [
        { type: "user_message", at, data: { message: "charge 5 dollars" } },
        { type: "tool_call", at, data: { call_id: "c1", tool: "charge", input: { cents: 500 } } },
        { type: "approval_request", at, data: { call_id: "c1", tool: "charge", input: { cents: 500 } } },
        { type: "approval_response", at, data: { call_id: "c1", approved: true } },
        { type: "tool_result", at, data: { call_id: "c1", tool: "charge", output: "charged" } },
      ],
    });
    const thread = await advance(stored, deps);
    expect(runs).toEqual([]);
    expect(statusOf(thread.events)).toBe("done");
  });

  it("throws VersionConflictError when another writer changes the thread meanwhile", async () => {
    const { store, deps, start } = setup([]);
    const thread = await start("hello");
    const model = scriptedModel([{ tool: "done_for_now", input: { message: "hi" } }]);
    const answerStep = model.doGenerate;
    model.doGenerate = async (options) => {
      const other = await store.get(thread.id);
      if (other) await store.update(other, other.version); // someone else writes first
      return answerStep(options);
    };
    await expect(advance(thread, { ...deps, model })).rejects.toBeInstanceOf(VersionConflictError);
  });

  it("refuses a thread that was never stored", async () => {
    const { deps } = setup([]);
    await expect(advance(newThread("hello"), deps)).rejects.toThrow(/store\.create\(\)/);
  });
});
