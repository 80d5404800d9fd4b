import { nextAction } from "./workload.js";

// The workload's fake model as an AI SDK language model (specification v4), built on
// the SDK's own MockLanguageModelV4. The class is passed in so each contender uses the
// `ai` package its own code resolves.
//
// It reads the question and the tool results from the prompt in either form a
// contender sends them: tool messages (AI SDK loops, Mastra), or one user message
// holding the whole thread as `<tool_result>` blocks (the generated project's loop).

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

/**
 * `finalTool`: the name of a tool the contender ends threads with (the generated
 * project's done_for_now, since it calls the model with toolChoice "required");
 * without it the final answer is plain text.
 */
export function fakeAiSdkModel(MockLanguageModelV4, { finalTool } = {}) {
  let ids = 0;
  const answer = (prompt) => {
    // The mock keeps every call it gets; a benchmark of thousands of threads must not.
    model.doGenerateCalls.length = 0;
    model.doStreamCalls.length = 0;
    const action = nextAction(...readPrompt(prompt));
    return action.final && finalTool ? { tool: finalTool, input: { message: action.final } } : action;
  };
  const model = new MockLanguageModelV4({
    provider: "fake",
    modelId: "fake-calculator",
    doGenerate: async ({ prompt }) => {
      const action = answer(prompt);
      const content = action.final
        ? [{ type: "text", text: action.final }]
        : [{ type: "tool-call", toolCallId: `call_${++ids}`, toolName: action.tool, input: JSON.stringify(action.input) }];
      return { content, finishReason: finishOf(action), usage, warnings: [] };
    },
    doStream: async ({ prompt }) => {
      const action = answer(prompt);
      const parts = [{ type: "stream-start", warnings: [] }];
      if (action.final) {
        const id = `text_${++ids}`;
        parts.push({ type: "text-start", id }, { type: "text-delta", id, delta: action.final }, { type: "text-end", id });
      } else {
        parts.push({ type: "tool-call", toolCallId: `call_${++ids}`, toolName: action.tool, input: JSON.stringify(action.input) });
      }
      parts.push({ type: "finish", finishReason: finishOf(action), usage });
      return {
        stream: new ReadableStream({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  });
  return model;
}

function finishOf(action) {
  return action.final ? { unified: "stop", raw: "stop" } : { unified: "tool-calls", raw: "tool_calls" };
}

const TOOL_RESULT = /<tool_result>\n(?:[^\n]*\n)*?output: ([^\n]*)\n/g;

/** [question text, tool results in order] from an AI SDK v4 prompt. */
function readPrompt(prompt) {
  let userText = "";
  const results = [];
  for (const message of prompt) {
    if (message.role === "user") {
      for (const part of message.content) if (part.type === "text") userText += `${part.text}\n`;
    } else if (message.role === "tool") {
      for (const part of message.content) if (part.type === "tool-result") results.push(outputValue(part.output));
    }
  }
  if (results.length === 0) for (const match of userText.matchAll(TOOL_RESULT)) results.push(match[1]);
  return [userText, results];
}

function outputValue(output) {
  return typeof output?.value === "string" ? output.value : JSON.stringify(output?.value);
}
