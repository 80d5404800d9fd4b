import type { AnyTool } from "../tools/types.ts";
import { compactError } from "./errors.ts";
import { event, type AgentEvent, type EventOf } from "./events.ts";
import { parseCall } from "./next-step.ts";
import type { Thread } from "./thread.ts";

// What a recorded tool call leads to, by the tool's kind: run it (after approval
// when the tool asks for it), pause for a human, or finish the thread.

/** Stores one event on the thread (and fails if it does not fit). */
export type Recorder = (next: AgentEvent) => Promise<void>;

/**
 * Moves one recorded call forward: run it, ask for approval, ask a human or finish.
 * `claim` is awaited right before the tool runs; it throws if another writer got there first.
 */
export async function settleCall(
  thread: Thread,
  call: EventOf<"tool_call">,
  index: number,
  tools: readonly AnyTool[],
  record: Recorder,
  claim: () => Promise<void>,
): Promise<void> {
  const { call_id, tool: name } = call.data;
  // Checked again here: a resumed thread may have been recorded by an older version of the tools.
  const parsed = parseCall(tools, call.data);
  if (parsed.type === "invalid_call") return record(event("tool_error", { call_id, tool: name, error: parsed.error }));
  const { tool } = parsed;
  const input = parsed.call.input as Record<string, unknown>;

  if (tool.kind === "final") {
    const message = typeof input.message === "string" ? input.message : JSON.stringify(input);
    return record(event("done", { message }));
  }
  if (tool.kind === "human") {
    return record(event("human_request", humanRequestData(call_id, input)));
  }

  const asked = thread.events.some((e) => e.type === "approval_request" && e.data.call_id === call_id);
  if (tool.requiresApproval && !asked) {
    return record(event("approval_request", { call_id, tool: name, input }));
  }
  const answer = thread.events.findLast(
    (e): e is EventOf<"approval_response"> => e.type === "approval_response" && e.data.call_id === call_id,
  );
  if (answer && !answer.data.approved) {
    const output = answer.data.comment
      ? `user denied the operation with feedback: "${answer.data.comment}"`
      : "user denied the operation";
    return record(event("tool_result", { call_id, tool: name, output }));
  }

  await claim();
  let output: unknown;
  try {
    if (!tool.execute) throw new Error(`tool ${name} has no execute function`);
    // The key stays the same however often this call is retried or resumed.
    output = toJson(await tool.execute(input, { threadId: thread.id, idempotencyKey: `${thread.id}:${index}` }));
  } catch (error) {
    return record(event("tool_error", { call_id, tool: name, error: compactError(error) }));
  }
  return record(event("tool_result", { call_id, tool: name, output }));
}

function humanRequestData(call_id: string, input: Record<string, unknown>): EventOf<"human_request">["data"] {
  const { question, context, choices } = input;
  return {
    call_id,
    question: typeof question === "string" ? question : JSON.stringify(input),
    ...(typeof context === "string" ? { context } : {}),
    ...(Array.isArray(choices) && choices.every((c) => typeof c === "string") ? { choices } : {}),
  };
}

// What is stored must read back the same, so outputs are cut down to plain JSON here.
function toJson(value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value ?? null);
  } catch (error) {
    throw new Error(`the tool returned a value that cannot be stored as JSON (${compactError(error)})`);
  }
  if (text === undefined) throw new Error("the tool returned a value that cannot be stored as JSON");
  return JSON.parse(text);
}
