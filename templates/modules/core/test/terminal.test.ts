import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { newThread, statusOf } from "../src/agent/thread.ts";
import { converse } from "../src/human/converse.ts";
import { TerminalChannel } from "../src/human/terminal-channel.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { tools } from "../src/tools/index.ts";
import { defineTool } from "../src/tools/types.ts";
import { scriptedModel, type ScriptedStep } from "./helpers/scripted-model.ts";

/** A terminal whose keyboard is `typed` and whose screen is returned by `screen()`. */
function terminal(typed: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = "";
  output.on("data", (chunk: Buffer) => (screen += chunk.toString()));
  input.end(typed);
  return { channel: new TerminalChannel({ input, output }), screen: () => screen };
}

async function run(steps: ScriptedStep[], typed: string, extraTools = tools) {
  const store = new MemoryThreadStore();
  const { channel, screen } = terminal(typed);
  const thread = await converse(
    await store.create(newThread("divide 12 by 4")),
    { model: scriptedModel(steps), store, tools: extraTools, maxRetries: 0, onEvent: (e) => channel.show(e) },
    channel,
  );
  channel.close();
  return { thread, screen: screen() };
}

describe("the terminal channel", () => {
  it("asks for approval on stdin and passes a denial's comment to the agent", async () => {
    const { thread, screen } = await run(
      [
        { tool: "divide", input: { a: 12, b: 0 } },
        { tool: "divide", input: { a: 12, b: 4 } },
        { tool: "done_for_now", input: { message: "12 divided by 4 is 3." } },
      ],
      "n\nthe divisor is 4\ny\n",
    );
    expect(statusOf(thread.events)).toBe("done");
    expect(thread.events.filter((e) => e.type === "approval_response").map((e) => e.data)).toEqual([
      { call_id: "call_1", approved: false, comment: "the divisor is 4" },
      { call_id: "call_2", approved: true },
    ]);
    expect(screen).toContain('→ divide {"a":12,"b":4}');
    expect(screen).toContain("← divide: 3");
    expect(screen).toContain("12 divided by 4 is 3.");
    // NO_COLOR is set for tests and the stream is no TTY: plain text only.
    expect(screen).not.toContain("\u001b[");
  });

  it("lets a number pick one of the offered choices", async () => {
    const pick = defineTool({
      name: "pick", description: "Ask the user to pick.", kind: "human",
      inputSchema: z.object({ question: z.string(), choices: z.array(z.string()) }),
    });
    const { thread, screen } = await run(
      [
        { tool: "pick", input: { question: "Which divisor?", choices: ["2", "4"] } },
        { tool: "done_for_now", input: { message: "ok" } },
      ],
      "\n2\n",
      [...tools, pick],
    );
    expect(screen).toContain("? Which divisor?\n  1. 2\n  2. 4\n");
    expect(thread.events.find((e) => e.type === "human_response")?.data).toEqual({ call_id: "call_1", response: "4" });
  });

  it("leaves the thread paused when stdin closes before an answer", async () => {
    const { thread } = await run([{ tool: "divide", input: { a: 12, b: 4 } }], "");
    expect(statusOf(thread.events)).toBe("awaiting_approval");
  });
});
