import type { AnyTool } from "../tools/types.ts";
import type { AgentEvent } from "./events.ts";
import { renderPrompt } from "./prompts.ts";
import type { Thread } from "./thread.ts";

// Owning the context window (factor 3): the model sees the system prompt as
// `instructions` and the whole thread as one readable user message, in the
// XML-ish style of the 12-factor workshop. Nothing else reaches the model.

export interface ContextOptions {
  /** Past this many characters the oldest tool results are elided, then the oldest events. */
  maxChars?: number;
  /** How many of the latest events are always shown in full. */
  keepRecent?: number;
}

export const DEFAULT_MAX_CONTEXT_CHARS = 40_000;
export const DEFAULT_KEEP_RECENT = 6;

export function buildInstructions(tools: readonly AnyTool[]): string {
  return renderPrompt("system", { tools: tools.map(describeTool).join("\n") });
}

function describeTool(tool: AnyTool): string {
  const marks = [
    tool.requiresApproval ? "runs only once the user approves; they may deny it with feedback" : undefined,
    tool.kind === "human" ? "asks a human" : undefined,
    tool.kind === "final" ? "finishes" : undefined,
  ].filter((m) => m !== undefined);
  return `- ${tool.name}: ${tool.description}${marks.length > 0 ? ` (${marks.join("; ")})` : ""}`;
}

/** The user message for the next model call: the thread, bounded to `maxChars`. */
export function buildContext(thread: Thread, options: ContextOptions = {}): string {
  return renderPrompt("thread", { events: serializeEvents(thread.events, options) });
}

export function serializeEvents(events: readonly AgentEvent[], options: ContextOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CONTEXT_CHARS;
  const keepRecent = options.keepRecent ?? DEFAULT_KEEP_RECENT;
  const blocks: (string | undefined)[] = events.map(renderEvent);
  // The user's own words and the latest events are never shortened.
  const isProtected = (i: number) => events[i]?.type === "user_message" || i >= events.length - keepRecent;
  let dropped = 0;
  const note = () => `<elided>\n${dropped} earlier events left out to keep the context small\n</elided>`;
  const size = () =>
    blocks.reduce((sum, b) => sum + (b === undefined ? 0 : b.length + 2), 0) + (dropped > 0 ? note().length : 0);

  // First pass: replace the oldest tool results by a note of their size.
  for (let i = 0; i < events.length && size() > maxChars; i++) {
    const e = events[i];
    if (e?.type === "tool_result" && !isProtected(i)) blocks[i] = renderElidedResult(e);
  }
  // Second pass: drop whole events, oldest first, and say how many were left out.
  for (let i = 0; i < events.length && size() > maxChars; i++) {
    if (!isProtected(i)) {
      blocks[i] = undefined;
      dropped++;
    }
  }

  const out: string[] = [];
  blocks.forEach((block, i) => {
    if (block !== undefined) out.push(block);
    else if (blocks[i - 1] !== undefined) out.push(note());
  });
  return out.join("\n\n");
}

export function renderEvent(e: AgentEvent): string {
  const body = e.type === "user_message" ? e.data.message : yamlish(e.data);
  return `<${e.type}>\n${body}\n</${e.type}>`;
}

function renderElidedResult(e: Extract<AgentEvent, { type: "tool_result" }>): string {
  const chars = valueText(e.data.output).length;
  return renderEvent({ ...e, data: { ...e.data, output: `(elided, ${chars} characters)` } });
}

/** `key: value` lines: plain strings as they are, anything else as compact JSON. */
function yamlish(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const text = valueText(value);
      return text.includes("\n") ? `${key}: |\n${text.replace(/^/gm, "  ")}` : `${key}: ${text}`;
    })
    .join("\n");
}

function valueText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
