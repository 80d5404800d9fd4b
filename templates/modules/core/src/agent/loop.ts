import type { LanguageModel } from "ai";
import type { ThreadStore } from "../store/types.ts";
import { tools as registry } from "../tools/index.ts";
import type { AnyTool } from "../tools/types.ts";
import { buildContext, buildInstructions } from "./context.ts";
import { event, type AgentEvent, type EventOf } from "./events.ts";
import { nextStep } from "./next-step.ts";
import { isSettled, reduce } from "./reducer.ts";
import { settleCall, type Recorder } from "./settle-call.ts";
import { statusOf, type Thread } from "./thread.ts";

// The loop we own (factor 8): ask the model for one tool call, decide what to do
// with it, record the outcome, repeat, until the thread pauses for a human or ends.
// Every event is stored as soon as it happens, so any process can pick the thread
// up where this one stopped (factor 6).

export interface AgentDeps {
  model: LanguageModel;
  store: ThreadStore;
  /** Defaults to the registry in src/tools/index.ts. */
  tools?: readonly AnyTool[];
  /** Model calls per advance() before the thread is failed. */
  maxSteps?: number;
  /** Errors in a row before a human is asked for help (or the thread fails). */
  maxConsecutiveErrors?: number;
  /** SDK retries of rate limits and server errors per model call. */
  maxRetries?: number;
  /** Time limit of one model call, retries included. */
  timeoutMs?: number;
  /** Size limit of the serialized thread sent to the model. */
  maxContextChars?: number;
  /** Called after each event is stored, e.g. to print or log it. */
  onEvent?: (event: AgentEvent, thread: Thread) => void;
}

export const DEFAULT_MAX_STEPS = 20;
export const DEFAULT_MAX_CONSECUTIVE_ERRORS = 3;

/**
 * Runs the stored thread forward until it waits for a human, is done or failed,
 * and returns it as stored. Throws VersionConflictError when another writer
 * changed the thread meanwhile.
 */
export async function advance(thread: Thread, deps: AgentDeps): Promise<Thread> {
  const tools = deps.tools ?? registry;
  const maxSteps = deps.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxErrors = deps.maxConsecutiveErrors ?? DEFAULT_MAX_CONSECUTIVE_ERRORS;

  // Work from the stored copy: a caller holding an old copy must not redo what is recorded.
  let current = await deps.store.get(thread.id);
  if (!current) throw new Error(`thread ${thread.id} is not stored: call store.create() before advance()`);

  const record = async (next: AgentEvent) => {
    const reduced = reduce(current as Thread, next);
    if (!reduced.ok) throw new Error(`cannot record ${next.type}: ${reduced.reason}`);
    current = await deps.store.update(reduced.thread, (current as Thread).version);
    deps.onEvent?.(next, current);
  };
  // Bumps the stored version (events unchanged) before a tool runs: of several writers
  // that read the same version, one runs the tool and the others stop here.
  const claim = async () => {
    current = await deps.store.update(current as Thread, (current as Thread).version);
  };

  let steps = 0;
  while (statusOf(current.events) === "running") {
    const open = openCall(current);
    if (open) {
      await settleCall(current, open.call, open.index, tools, record, claim);
      continue;
    }
    const errors = trailingErrors(current.events);
    if (errors.length >= maxErrors) {
      await escalate(current, errors, tools, record);
      continue;
    }
    if (steps >= maxSteps) {
      await record(event("failed", {
        reason: `stopped after ${maxSteps} model steps without finishing: raise maxSteps or give the agent a narrower task`,
      }));
      continue;
    }

    steps++;
    const step = await nextStep({
      model: deps.model,
      tools,
      instructions: buildInstructions(tools),
      context: buildContext(current, { maxChars: deps.maxContextChars }),
      maxRetries: deps.maxRetries,
      timeoutMs: deps.timeoutMs,
    });
    if (step.type === "model_error") {
      await record(event("model_error", { error: step.error, attempts: step.attempts }));
    } else {
      const call = { ...step.call, call_id: uniqueCallId(current, step.call.call_id) };
      await record(event("tool_call", call));
      // A valid call is settled at the top of the loop, the same path a resumed thread takes.
      if (step.type === "invalid_call") {
        await record(event("tool_error", { call_id: call.call_id, tool: call.tool, error: step.error }));
      }
    }
  }
  return current;
}

/** The latest tool call without an outcome, if any, with its position in the thread. */
function openCall(thread: Thread): { call: EventOf<"tool_call">; index: number } | undefined {
  const index = thread.events.findLastIndex((e) => e.type === "tool_call");
  const call = thread.events[index];
  if (call?.type !== "tool_call" || isSettled(thread.events, call.data.call_id)) return undefined;
  return { call, index };
}

/** Some servers send empty or repeated call ids; the thread needs each to be unique. */
function uniqueCallId(thread: Thread, proposed: string): string {
  const used = new Set(thread.events.flatMap((e) => (e.type === "tool_call" ? [e.data.call_id] : [])));
  if (proposed && !used.has(proposed)) return proposed;
  let n = thread.events.length;
  while (used.has(`call_${n}`)) n++;
  return `call_${n}`;
}

/** Too many errors in a row: ask a human rather than spin, or fail when no one can be asked. */
async function escalate(
  thread: Thread,
  errors: string[],
  tools: readonly AnyTool[],
  record: Recorder,
): Promise<void> {
  const last = errors.at(-1)?.replace(/\.$/, "");
  const summary = `the agent failed ${errors.length} times in a row; last error: ${last}`;
  if (!tools.some((t) => t.kind === "human")) {
    return record(event("failed", { reason: summary }));
  }
  return record(event("human_request", {
    call_id: `escalation-${thread.events.length}`,
    question: `${summary}. How should it continue?`,
    context: errors.join("\n"),
  }));
}

/** Errors since the last step that went well; calls and approval requests in between do not count. */
function trailingErrors(events: readonly AgentEvent[]): string[] {
  const errors: string[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as AgentEvent;
    if (e.type === "tool_error" || e.type === "model_error") errors.unshift(e.data.error);
    else if (e.type !== "tool_call" && e.type !== "approval_request") break;
  }
  return errors;
}
