import { MockLanguageModelV4 } from "ai/test";

// A model for crash, race and fuzz tests that answers from what it is sent, not
// from a script: sent the same thread, it makes the same call. So a thread resumed
// after a crash gets exactly the answer it would have got, and the end state of
// every thread is known in advance.
//
// The plan is in the user's message, as `steps: [...]` (see planMessage). The model
// calls the first step that has no result in the thread yet, and once every step
// has one, finishes with the results it saw. A message without a plan is finished
// at once.

export interface PlanStep {
  tool: string;
  input: Record<string, unknown>;
}

type GenerateResult = Awaited<ReturnType<MockLanguageModelV4["doGenerate"]>>;

export function planMessage(title: string, steps: PlanStep[]): string {
  return `${title}\nsteps: ${JSON.stringify(steps)}`;
}

/** What the model finishes with, given the outputs of the steps in order. */
export function finalAnswer(outputs: readonly unknown[]): string {
  return `results: ${outputs.map((o) => (typeof o === "string" ? o : JSON.stringify(o))).join("; ")}`;
}

export function planModel(options: { delayMs?: () => number } = {}): MockLanguageModelV4 {
  return new MockLanguageModelV4({
    doGenerate: async ({ prompt }) => {
      const delay = options.delayMs?.() ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const context = prompt
        .flatMap((m) => (m.role === "user" ? m.content : []))
        .flatMap((part) => (part.type === "text" ? [part.text] : []))
        .join("\n");
      const steps = planOf(context);
      const outputs = resultsIn(context);
      const callId = `call_${(context.match(/<tool_call>/g) ?? []).length + 1}`;
      const next = steps[outputs.length];
      return next
        ? toolCall(callId, next.tool, next.input)
        : toolCall(callId, "done_for_now", { message: finalAnswer(outputs) });
    },
  });
}

function planOf(context: string): PlanStep[] {
  const found = /^steps: (\[.*\])$/m.exec(context)?.[1];
  if (!found) return [];
  try {
    return JSON.parse(found) as PlanStep[];
  } catch {
    return [];
  }
}

/** The output line of every tool result in the serialized thread, oldest first. */
function resultsIn(context: string): string[] {
  return [...context.matchAll(/<tool_result>\n([\s\S]*?)\n<\/tool_result>/g)].map(
    (m) => /^output: (.*)$/m.exec(m[1] ?? "")?.[1] ?? "",
  );
}

function toolCall(toolCallId: string, toolName: string, input: unknown): GenerateResult {
  return {
    content: [{ type: "tool-call", toolCallId, toolName, input: JSON.stringify(input) }],
    finishReason: { unified: "tool-calls", raw: "tool_calls" },
    usage: {
      inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 5, text: 5, reasoning: 0 },
    },
    warnings: [],
  };
}
