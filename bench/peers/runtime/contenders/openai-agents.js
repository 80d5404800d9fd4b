import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Agent, run, RunState, setTracingDisabled, tool, Usage } from "@openai/agents";
import { z } from "zod";
import { freshDataDir } from "../support.js";
import { calculator, descriptions, nextAction, question } from "../workload.js";

// The OpenAI Agents SDK: an Agent with zod tools and a model of our own on the SDK's
// Model interface (getResponse), the way its own tests fake models. Tracing is off:
// it exports to OpenAI's servers, which this machine cannot reach.
//
// Paused threads: divide has needsApproval; the run stops with an interruption, its
// RunState is serialized (state.toString()) into a file, as the SDK's docs do for
// human-in-the-loop, and resume is RunState.fromString + approve + run.

setTracingDisabled(true);

class FakeCalculatorModel {
  #ids = 0;

  async getResponse(request) {
    let userText = "";
    const results = [];
    const items = typeof request.input === "string" ? [{ role: "user", content: request.input }] : request.input;
    for (const item of items) {
      if (item.role === "user") userText += `${textOf(item.content)}\n`;
      else if (item.type === "function_call_result") results.push(textOf(item.output));
    }
    const action = nextAction(userText, results);
    const id = ++this.#ids;
    const output = action.final
      ? [{ type: "message", id: `msg_${id}`, role: "assistant", status: "completed", content: [{ type: "output_text", text: action.final }] }]
      : [{ type: "function_call", id: `fc_${id}`, callId: `call_${id}`, name: action.tool, arguments: JSON.stringify(action.input), status: "completed" }];
    return { usage: new Usage(), output, responseId: `resp_${id}` };
  }

  // eslint-disable-next-line require-yield
  async *getStreamedResponse() {
    throw new Error("the bench does not stream");
  }
}

function textOf(content) {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map(textOf).join("");
  return content?.text ?? "";
}

const numbers = z.object({ a: z.number(), b: z.number() });

export async function create(variant) {
  if (variant !== "default") throw new Error(`openai-agents: unknown variant ${variant} (default)`);
  const model = new FakeCalculatorModel();
  const make = (name, extra = {}) =>
    tool({ name, description: descriptions[name], parameters: numbers, execute: async (input) => calculator[name](input), ...extra });
  const instructions = "You are a calculator. Use the tools, then give the final answer.";
  const agent = new Agent({ name: "calculator", instructions, model, tools: [make("multiply"), make("divide"), make("add")] });
  const gated = new Agent({
    name: "calculator",
    instructions,
    model,
    tools: [make("multiply"), make("divide", { needsApproval: true }), make("add")],
  });
  const data = freshDataDir("openai-agents");
  let ids = 0;

  return {
    label: "OpenAI Agents SDK run()",
    async runThread(i) {
      return (await run(agent, question(i).text)).finalOutput;
    },
    pause: {
      async start(i) {
        const result = await run(gated, question(i).text);
        if (result.interruptions.length === 0) throw new Error("the run did not pause for approval");
        const file = path.join(data.dir, `p${++ids}.json`);
        await writeFile(file, result.state.toString());
        return file;
      },
      async resume(file) {
        const state = await RunState.fromString(gated, await readFile(file, "utf8"));
        for (const interruption of state.getInterruptions()) state.approve(interruption);
        return (await run(gated, state)).finalOutput;
      },
    },
    close: data.remove,
  };
}
