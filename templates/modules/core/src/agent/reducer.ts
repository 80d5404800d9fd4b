import type { AgentEvent, EventOf } from "./events.ts";
import { statusOf, type Thread } from "./thread.ts";

// The agent as a stateless reducer (factor 12): a thread plus one event gives the
// next thread, or a reason why that event cannot happen now. Pure and total:
// it never throws and never touches a store or the clock.

export type ReduceResult = { ok: true; thread: Thread } | { ok: false; reason: string };

/** What a paused thread is waiting for: the request event that paused it. */
export type Waiting = EventOf<"approval_request"> | EventOf<"human_request">;

export function waitingFor(thread: Thread): Waiting | undefined {
  const last = thread.events.at(-1);
  return last?.type === "approval_request" || last?.type === "human_request" ? last : undefined;
}

/** Describes what a thread waits for, in words a caller can act on. */
export function describeWaiting(waiting: Waiting): string {
  return waiting.type === "approval_request"
    ? `approval of ${waiting.data.tool} (call ${waiting.data.call_id})`
    : `an answer to "${waiting.data.question}" (call ${waiting.data.call_id})`;
}

export function reduce(thread: Thread, next: AgentEvent): ReduceResult {
  const reason = rejection(thread, next);
  return reason === undefined
    ? { ok: true, thread: { ...thread, events: [...thread.events, next] } }
    : { ok: false, reason };
}

function rejection(thread: Thread, next: AgentEvent): string | undefined {
  const status = statusOf(thread.events);
  if (status === "done" || status === "failed") {
    return `thread ${thread.id} is ${status}; no ${next.type} can follow`;
  }

  const waiting = waitingFor(thread);
  if (waiting) {
    // A paused thread accepts only the matching answer, or being failed (cancelled).
    if (next.type === "failed") return undefined;
    const expected = waiting.type === "approval_request" ? "approval_response" : "human_response";
    if (next.type !== expected) {
      return `thread ${thread.id} is waiting for ${describeWaiting(waiting)}, not for a ${next.type}`;
    }
    if (next.data.call_id !== waiting.data.call_id) {
      return `${next.type} is for call ${next.data.call_id}, but the thread is waiting for call ${waiting.data.call_id}`;
    }
    return undefined;
  }

  switch (next.type) {
    case "approval_response":
    case "human_response":
      return `thread ${thread.id} is not waiting for a human (status: ${status}), so a ${next.type} cannot be applied`;
    case "tool_call":
      return findCall(thread, next.data.call_id) ? `call id ${next.data.call_id} is already used` : undefined;
    case "approval_request": {
      const problem = openCallProblem(thread, next.data.call_id);
      if (problem) return problem;
      return hasEvent(thread, "approval_request", next.data.call_id)
        ? `call ${next.data.call_id} was already sent for approval`
        : undefined;
    }
    case "tool_result":
      return resultProblem(thread, next.data.call_id);
    case "tool_error":
      // An error without a call id is about the step itself, not about one call.
      return next.data.call_id === undefined ? undefined : resultProblem(thread, next.data.call_id);
    case "human_request":
      // Human tools pause on their own call; an escalation pauses with a call id of its own.
      return findCall(thread, next.data.call_id) ? openCallProblem(thread, next.data.call_id) : undefined;
    case "user_message":
    case "model_error":
    case "done":
    case "failed":
      return undefined;
  }
}

function resultProblem(thread: Thread, callId: string): string | undefined {
  const problem = openCallProblem(thread, callId);
  if (problem) return problem;
  if (hasEvent(thread, "approval_request", callId) && !hasEvent(thread, "approval_response", callId)) {
    return `call ${callId} has not been approved yet`;
  }
  return undefined;
}

/** Why `callId` cannot get an outcome now: unknown, or already settled. */
function openCallProblem(thread: Thread, callId: string): string | undefined {
  if (!findCall(thread, callId)) return `there is no tool call ${callId} in thread ${thread.id}`;
  if (isSettled(thread.events, callId)) return `call ${callId} already has an outcome`;
  return undefined;
}

function findCall(thread: Thread, callId: string): EventOf<"tool_call"> | undefined {
  return thread.events.find((e): e is EventOf<"tool_call"> => e.type === "tool_call" && e.data.call_id === callId);
}

function hasEvent(thread: Thread, type: "approval_request" | "approval_response", callId: string): boolean {
  return thread.events.some((e) => e.type === type && e.data.call_id === callId);
}

/** A call is settled once its result, error or human answer is recorded. */
export function isSettled(events: readonly AgentEvent[], callId: string): boolean {
  return events.some(
    (e) =>
      (e.type === "tool_result" || e.type === "tool_error" || e.type === "human_response") &&
      e.data.call_id === callId,
  );
}
