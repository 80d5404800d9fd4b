import { APICallError } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { nextStep, parseCall } from "../src/agent/next-step.ts";
import { tools } from "../src/tools/index.ts";
import { multiply } from "../src/tools/multiply.ts";
import { scriptedModel, type ScriptedStep } from "./helpers/scripted-model.ts";

const ask = (steps: ScriptedStep[], maxRetries = 0) =>
  nextStep({ model: scriptedModel(steps), tools, instructions: "be brief", context: "multiply 3 and 4", maxRetries });

describe("nextStep", () => {
  it("sends instructions, one user message, every tool and toolChoice required", async () => {
    const model = scriptedModel([{ tool: "multiply", input: { a: 3, b: 4 } }]);
    await nextStep({ model, tools, instructions: "be brief", context: "multiply 3 and 4" });
    const sent = model.doGenerateCalls[0];

    expect(sent?.prompt).toEqual([
      { role: "system", content: "be brief" },
      { role: "user", content: [{ type: "text", text: "multiply 3 and 4" }] },
    ]);
    expect(sent?.toolChoice).toEqual({ type: "required" });
    expect(sent?.tools?.map((t) => t.name)).toEqual(tools.map((t) => t.name));
  });

  it("returns the call with its input parsed by the tool's schema", async () => {
    const step = await ask([{ tool: "multiply", input: { a: 3, b: 4 } }]);
    expect(step).toEqual({
      type: "call",
      call: { call_id: "call_1", tool: "multiply", input: { a: 3, b: 4 } },
      tool: multiply,
    });
  });

  it("turns input that is not JSON into an invalid call", async () => {
    const model = new MockLanguageModelV4({
      doGenerate: {
        content: [{ type: "tool-call", toolCallId: "c1", toolName: "add", input: "{a: 1," }],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        },
        warnings: [],
      },
    });
    expect(await nextStep({ model, tools, instructions: "", context: "" })).toEqual({
      type: "invalid_call",
      call: { call_id: "c1", tool: "add", input: "{a: 1," },
      error: "invalid input for add: expected a JSON object, got {a: 1,",
    });
  });

  it("reports a refused request without retrying it", async () => {
    const unauthorized = new APICallError({
      message: "Incorrect API key provided",
      url: "http://127.0.0.1/v1/responses",
      requestBodyValues: {},
      statusCode: 401,
      isRetryable: false,
    });
    expect(await ask([{ error: unauthorized }], 2)).toEqual({
      type: "model_error",
      error: "provider answered 401: Incorrect API key provided",
      attempts: 1,
    });
  });

  it("reports an answer the provider package could not read", async () => {
    const garbage = new APICallError({
      message: "Invalid JSON response",
      url: "http://127.0.0.1/v1/responses",
      requestBodyValues: {},
      statusCode: 200,
      responseBody: "<html>oops</html>",
    });
    expect(await ask([{ error: garbage }])).toEqual({
      type: "model_error",
      error: "the provider's answer could not be read: Invalid JSON response",
      attempts: 1,
    });
  });

  it("reports a script that ran out instead of returning nothing", async () => {
    expect(await ask([])).toMatchObject({ type: "model_error", error: expect.stringContaining("call 1 has no step") });
  });
});

describe("parseCall", () => {
  it("checks input locally with the tool's zod schema", () => {
    expect(parseCall(tools, { call_id: "c1", tool: "divide", input: { a: 1 } })).toEqual({
      type: "invalid_call",
      call: { call_id: "c1", tool: "divide", input: { a: 1 } },
      error: "invalid input for divide: b: Invalid input: expected number, received undefined",
    });
    expect(parseCall(tools, { call_id: "c1", tool: "add", input: '{"a":1,"b":2}' })).toMatchObject({
      type: "call",
      call: { input: { a: 1, b: 2 } },
    });
  });
});
