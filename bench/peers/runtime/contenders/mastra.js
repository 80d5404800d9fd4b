import path from "node:path";
import { Mastra } from "@mastra/core";
import { Agent } from "@mastra/core/agent";
import { createTool } from "@mastra/core/tools";
import { LibSQLStore } from "@mastra/libsql";
import { Memory } from "@mastra/memory";
import { MockLanguageModelV4 } from "ai/test";
import { z } from "zod";
import { fakeAiSdkModel } from "../fake-ai-sdk-model.js";
import { freshDataDir } from "../support.js";
import { calculator, descriptions, question } from "../workload.js";

// Mastra: an Agent with createTool tools and the AI SDK's MockLanguageModelV4 (Mastra
// takes AI SDK v7 models). Variants:
//   none    the Agent alone: no Mastra instance, no storage, no memory
//   libsql  registered on a Mastra instance with LibSQLStore (a file, as create-mastra
//           sets it up) and a Memory, each thread its own memory thread
// Paused threads (libsql only, Mastra needs storage to suspend): divide has
// requireApproval; resume is approveToolCallGenerate({ runId, toolCallId }).

const numbers = z.object({ a: z.number(), b: z.number() });

export async function create(variant) {
  const model = fakeAiSdkModel(MockLanguageModelV4);
  const make = (name, extra = {}) =>
    createTool({ id: name, description: descriptions[name], inputSchema: numbers, execute: async (input) => calculator[name](input), ...extra });
  const tools = { multiply: make("multiply"), divide: make("divide"), add: make("add") };
  const gatedTools = { ...tools, divide: make("divide", { requireApproval: true }) };
  const instructions = "You are a calculator. Use the tools, then give the final answer.";

  if (variant === "none") {
    const agent = new Agent({ id: "calculator", name: "calculator", instructions, model, tools });
    return {
      label: "Mastra Agent (no storage)",
      async runThread(i) {
        return (await agent.generate(question(i).text, { maxSteps: 10 })).text;
      },
    };
  }
  if (variant !== "libsql") throw new Error(`mastra: unknown variant ${variant} (none, libsql)`);

  const data = freshDataDir("mastra-libsql");
  const storage = new LibSQLStore({ id: "bench", url: `file:${path.join(data.dir, "mastra.db")}` });
  const mastra = new Mastra({
    agents: {
      calculator: new Agent({ id: "calculator", name: "calculator", instructions, model, tools, memory: new Memory() }),
      gated: new Agent({ id: "gated", name: "gated", instructions, model, tools: gatedTools, memory: new Memory() }),
    },
    storage,
    logger: false,
  });
  const agent = mastra.getAgent("calculator");
  const gated = mastra.getAgent("gated");
  let ids = 0;
  const memory = (thread) => ({ thread, resource: "bench" });

  return {
    label: "Mastra Agent + Memory + LibSQLStore",
    async runThread(i) {
      return (await agent.generate(question(i).text, { maxSteps: 10, memory: memory(`t${++ids}`) })).text;
    },
    pause: {
      async start(i) {
        const thread = `p${++ids}`;
        const output = await gated.generate(question(i).text, { maxSteps: 10, memory: memory(thread) });
        if (output.finishReason !== "suspended") throw new Error(`thread ${thread} did not pause for approval (${output.finishReason})`);
        return { thread, runId: output.runId, toolCallId: output.suspendPayload?.toolCallId };
      },
      async resume({ thread, runId, toolCallId }) {
        return (await gated.approveToolCallGenerate({ runId, toolCallId, maxSteps: 10, memory: memory(thread) })).text;
      },
    },
    async close() {
      await storage.close();
      await data.remove();
    },
  };
}
