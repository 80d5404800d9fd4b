import { generateText, isStepCount, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { z } from "zod";
import { fakeAiSdkModel } from "../fake-ai-sdk-model.js";
import { calculator, descriptions, question } from "../workload.js";

// The floor: the Vercel AI SDK (the same `ai` and zod versions the generated project
// pins) with no persistence, no validation of our own and nothing kept between threads.
// Variants:
//   loop       one generateText call per step, tools run by this loop (what our loop does, minus the thread and the store)
//   multistep  one generateText call that runs the tools itself (stopWhen: isStepCount(10))

const numbers = z.object({ a: z.number(), b: z.number() });

export async function create(variant) {
  const model = fakeAiSdkModel(MockLanguageModelV4);
  const withExecute = Object.fromEntries(
    Object.entries(calculator).map(([name, run]) => [name, tool({ description: descriptions[name], inputSchema: numbers, execute: run })]),
  );
  const withoutExecute = Object.fromEntries(
    Object.keys(calculator).map((name) => [name, tool({ description: descriptions[name], inputSchema: numbers })]),
  );

  if (variant === "multistep") {
    return {
      label: "AI SDK generateText, multi-step (stopWhen)",
      async runThread(i) {
        const result = await generateText({ model, tools: withExecute, stopWhen: isStepCount(10), prompt: question(i).text });
        return result.text;
      },
    };
  }
  if (variant !== "loop") throw new Error(`ai-sdk: unknown variant ${variant} (loop, multistep)`);

  return {
    label: "AI SDK generateText, hand-written loop",
    async runThread(i) {
      const messages = [{ role: "user", content: question(i).text }];
      for (let step = 0; step < 10; step++) {
        const result = await generateText({ model, tools: withoutExecute, messages });
        const call = result.toolCalls[0];
        if (!call) return result.text;
        const output = calculator[call.toolName](call.input);
        messages.push(...result.responseMessages, {
          role: "tool",
          content: [{ type: "tool-result", toolCallId: call.toolCallId, toolName: call.toolName, output: { type: "json", value: output } }],
        });
      }
      throw new Error("no final answer after 10 steps");
    },
  };
}
