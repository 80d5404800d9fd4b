import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { Command, interrupt, MemorySaver } from "@langchain/langgraph";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import pg from "pg";
import { z } from "zod";
import { freshPgSchema } from "../support.js";
import { calculator, descriptions, nextAction, question } from "../workload.js";

// LangGraph.js: the prebuilt createReactAgent (a StateGraph of an agent node and a
// ToolNode) with a chat model of our own on LangChain's BaseChatModel (its extension
// point for models). Variants: none (no checkpointer), memory (MemorySaver),
// postgres (PostgresSaver in a schema of its own).
//
// Paused threads: divide calls interrupt() (LangGraph's human-in-the-loop), the
// thread's state stays in the checkpointer, and resume is invoke(new Command({ resume: true })).

class FakeCalculatorModel extends BaseChatModel {
  #ids = 0;

  _llmType() {
    return "fake-calculator";
  }

  bindTools() {
    return this;
  }

  async _generate(messages) {
    let userText = "";
    const results = [];
    for (const message of messages) {
      const type = message.getType();
      if (type === "human") userText += `${message.content}\n`;
      else if (type === "tool") results.push(message.content);
    }
    const action = nextAction(userText, results);
    const message = action.final
      ? new AIMessage(action.final)
      : new AIMessage({ content: "", tool_calls: [{ id: `call_${++this.#ids}`, name: action.tool, args: action.input, type: "tool_call" }] });
    return { generations: [{ text: action.final ?? "", message }] };
  }
}

const numbers = z.object({ a: z.number(), b: z.number() });

export async function create(variant, env) {
  let checkpointer;
  let cleanup;
  if (variant === "memory") {
    checkpointer = new MemorySaver();
  } else if (variant === "postgres") {
    const schema = await freshPgSchema(pg.Pool, env.DATABASE_URL);
    checkpointer = PostgresSaver.fromConnString(env.DATABASE_URL, { schema: schema.schema });
    await checkpointer.setup();
    cleanup = async () => {
      await checkpointer.end();
      await schema.drop();
    };
  } else if (variant !== "none") {
    throw new Error(`langgraph: unknown variant ${variant} (none, memory, postgres)`);
  }

  const make = (name, run) => tool(async (input) => run(input), { name, description: descriptions[name], schema: numbers });
  const tools = Object.entries(calculator).map(([name, run]) => make(name, run));
  const gatedTools = Object.entries(calculator).map(([name, run]) =>
    name === "divide"
      ? make(name, (input) => {
          const approved = interrupt({ tool: name, input });
          return approved ? run(input) : "the user denied the operation";
        })
      : make(name, run),
  );

  const llm = new FakeCalculatorModel({});
  const agent = createReactAgent({ llm, tools, checkpointer });
  const gated = checkpointer ? createReactAgent({ llm, tools: gatedTools, checkpointer }) : undefined;
  const finalAnswer = (state) => state.messages.at(-1).content;
  let ids = 0;

  return {
    label: `LangGraph.js createReactAgent${checkpointer ? ` + ${checkpointer.constructor.name}` : ""}`,
    async runThread(i) {
      const config = checkpointer ? { configurable: { thread_id: `t${++ids}` } } : undefined;
      return finalAnswer(await agent.invoke({ messages: [{ role: "user", content: question(i).text }] }, config));
    },
    pause: gated && {
      async start(i) {
        const threadId = `p${++ids}`;
        const state = await gated.invoke({ messages: [{ role: "user", content: question(i).text }] }, { configurable: { thread_id: threadId } });
        if (!state.__interrupt__?.length) throw new Error(`thread ${threadId} did not pause for approval`);
        return threadId;
      },
      async resume(threadId) {
        return finalAnswer(await gated.invoke(new Command({ resume: true }), { configurable: { thread_id: threadId } }));
      },
    },
    close: cleanup,
  };
}
