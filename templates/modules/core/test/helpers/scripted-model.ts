import { MockLanguageModelV4 } from "ai/test";

// Derived from the mock itself so the test needs no direct @ai-sdk/provider dependency.
type GenerateResult = Awaited<ReturnType<MockLanguageModelV4["doGenerate"]>>;

/** One model answer: a tool call, plain text, or a thrown error (e.g. an APICallError). */
export type ScriptedStep = { tool: string; input: unknown } | { text: string } | { error: Error };

/**
 * A model that answers call n with step n, for offline tests of the loop.
 * `model.doGenerateCalls[n].prompt` shows what call n was sent. SDK retries count
 * as calls, so a retried error consumes the next step too.
 */
export function scriptedModel(steps: ScriptedStep[]): MockLanguageModelV4 {
  let calls = 0;
  return new MockLanguageModelV4({
    doGenerate: async () => {
      const step = steps[calls++];
      if (!step) {
        throw new Error(`scripted model: call ${calls} has no step (the script has ${steps.length})`);
      }
      if ("error" in step) throw step.error;
      return "text" in step ? textAnswer(step.text) : toolCallAnswer(`call_${calls}`, step.tool, step.input);
    },
  });
}

const usage: GenerateResult["usage"] = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

function toolCallAnswer(toolCallId: string, toolName: string, input: unknown): GenerateResult {
  return {
    // The wire format carries tool input as a JSON string.
    content: [{ type: "tool-call", toolCallId, toolName, input: JSON.stringify(input) }],
    finishReason: { unified: "tool-calls", raw: "tool_calls" },
    usage,
    warnings: [],
  };
}

function textAnswer(text: string): GenerateResult {
  return {
    content: [{ type: "text", text }],
    finishReason: { unified: "stop", raw: "stop" },
    usage,
    warnings: [],
  };
}
