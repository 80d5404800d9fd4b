import { createInterface, type Interface } from "node:readline";
import { styleText } from "node:util";
import type { HumanAnswer } from "../agent/answer.ts";
import type { AgentEvent } from "../agent/events.ts";
import type { Waiting } from "../agent/reducer.ts";
import type { Thread } from "../agent/thread.ts";
import type { HumanChannel } from "./channel.ts";

type Style = Parameters<typeof styleText>[0];

/**
 * The human is whoever sits at this terminal: events are printed as they
 * happen and questions are answered on stdin. Colour only on a TTY without
 * NO_COLOR (styleText checks both).
 */
export class TerminalChannel implements HumanChannel {
  readonly #input: NodeJS.ReadableStream;
  readonly #output: NodeJS.WritableStream;
  #lines: AsyncIterator<string> | undefined;
  #readline: Interface | undefined;

  constructor(options: { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream } = {}) {
    this.#input = options.input ?? process.stdin;
    this.#output = options.output ?? process.stdout;
  }

  /** Prints one event as one readable line. */
  show(event: AgentEvent): void {
    switch (event.type) {
      case "user_message":
        return this.#print("bold", `> ${event.data.message}`);
      case "tool_call":
        return this.#print("cyan", `→ ${event.data.tool} ${JSON.stringify(event.data.input)}`);
      case "tool_result":
        return this.#print("green", `← ${event.data.tool}: ${text(event.data.output)}`);
      case "tool_error":
        return this.#print("red", `✗ ${event.data.tool ?? "step"}: ${event.data.error}`);
      case "model_error":
        return this.#print("red", `✗ model (${event.data.attempts} attempts): ${event.data.error}`);
      case "approval_request":
        return this.#print("yellow", `? ${event.data.tool} ${JSON.stringify(event.data.input)} needs your approval`);
      case "approval_response":
        return this.#print("dim", event.data.approved ? "  approved" : `  denied ${event.data.comment ?? ""}`.trimEnd());
      case "human_request":
        return this.#print("yellow", `? ${event.data.question}`);
      case "human_response":
        return this.#print("dim", `  answered: ${event.data.response}`);
      case "done":
        return this.#print("bold", `\n${event.data.message}`);
      case "failed":
        return this.#print("red", `failed: ${event.data.reason}`);
    }
  }

  /** Asks on stdin; undefined when stdin is closed before an answer. */
  async notify(_thread: Thread, request: Waiting): Promise<HumanAnswer | undefined> {
    if (request.type === "approval_request") {
      const yes = await this.#ask("Approve? [y/N] ");
      if (yes === undefined) return undefined;
      if (/^y(es)?$/i.test(yes.trim())) return { type: "approval", approved: true };
      const comment = await this.#ask("Why not? (tell the agent, or press enter) ");
      return comment?.trim()
        ? { type: "approval", approved: false, comment: comment.trim() }
        : { type: "approval", approved: false };
    }

    const { context, choices } = request.data;
    if (context) this.#print("dim", `  ${context}`);
    choices?.forEach((choice, i) => this.#print("dim", `  ${i + 1}. ${choice}`));
    for (;;) {
      const reply = (await this.#ask("> "))?.trim();
      if (reply === undefined) return undefined;
      // A number picks one of the offered choices.
      const picked = choices?.[Number(reply) - 1];
      if (reply) return { type: "response", response: /^\d+$/.test(reply) && picked ? picked : reply };
    }
  }

  close(): void {
    this.#readline?.close();
  }

  async #ask(prompt: string): Promise<string | undefined> {
    this.#output.write(styleText("yellow", prompt, { stream: this.#output }));
    // One reader for the channel's whole life, so piped answers are never lost between questions.
    this.#readline ??= createInterface({ input: this.#input, crlfDelay: Infinity });
    this.#lines ??= this.#readline[Symbol.asyncIterator]();
    const next = await this.#lines.next();
    return next.done ? undefined : next.value;
  }

  #print(style: Style, line: string): void {
    this.#output.write(`${styleText(style, line, { stream: this.#output })}\n`);
  }
}

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
