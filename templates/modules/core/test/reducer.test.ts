import { describe, expect, it } from "vitest";
import { applyAnswer, humanAnswer } from "../src/agent/answer.ts";
import { event, type AgentEvent } from "../src/agent/events.ts";
import { reduce } from "../src/agent/reducer.ts";
import { newThread, statusOf, type Thread } from "../src/agent/thread.ts";

const now = new Date("2025-01-01T00:00:00.000Z");
const withEvents = (...events: AgentEvent[]): Thread => {
  const thread = newThread("divide 10 by 2", now, "t1");
  return { ...thread, events: [...thread.events, ...events] };
};

const call = event("tool_call", { call_id: "c1", tool: "divide", input: { a: 10, b: 2 } }, now);
const approvalRequest = event("approval_request", { call_id: "c1", tool: "divide", input: { a: 10, b: 2 } }, now);
const approved = event("approval_response", { call_id: "c1", approved: true }, now);
const result = event("tool_result", { call_id: "c1", tool: "divide", output: 5 }, now);
const question = event("human_request", { call_id: "c2", question: "Which numbers?" }, now);

const running = withEvents();
const awaitingApproval = withEvents(call, approvalRequest);
const awaitingHuman = withEvents(event("tool_call", { call_id: "c2", tool: "ask", input: {} }, now), question);
const done = withEvents(event("done", { message: "5" }, now));
const failed = withEvents(event("failed", { reason: "gave up" }, now));

function reason(thread: Thread, next: AgentEvent): string {
  const r = reduce(thread, next);
  if (r.ok) throw new Error(`expected ${next.type} to be rejected`);
  return r.reason;
}

describe("reduce", () => {
  it("appends a valid event without touching the input thread", () => {
    const r = reduce(running, call);
    expect(r).toEqual({ ok: true, thread: { ...running, events: [...running.events, call] } });
    expect(running.events).toHaveLength(1);
  });

  it("walks a call through approval to its result", () => {
    let thread = running;
    for (const e of [call, approvalRequest, approved, result]) {
      const r = reduce(thread, e);
      if (!r.ok) throw new Error(r.reason);
      thread = r.thread;
    }
    expect(statusOf(thread.events)).toBe("running");
  });

  it("rejects a human response when nothing is pending", () => {
    expect(reason(running, event("human_response", { call_id: "c1", response: "ok" }, now))).toBe(
      "thread t1 is not waiting for a human (status: running), so a human_response cannot be applied",
    );
  });

  it("rejects an approval for a call that is not awaiting one", () => {
    const other = event("approval_response", { call_id: "c9", approved: true }, now);
    expect(reason(awaitingApproval, other)).toBe(
      "approval_response is for call c9, but the thread is waiting for call c1",
    );
  });

  it("rejects the wrong kind of answer, naming what the thread waits for", () => {
    expect(reason(awaitingApproval, event("human_response", { call_id: "c1", response: "yes" }, now))).toBe(
      "thread t1 is waiting for approval of divide (call c1), not for a human_response",
    );
  });

  it("rejects any event after done or failed", () => {
    for (const [thread, status] of [[done, "done"], [failed, "failed"]] as const) {
      expect(reason(thread, event("user_message", { message: "again" }, now))).toBe(
        `thread t1 is ${status}; no user_message can follow`,
      );
    }
  });

  it("rejects a result before approval, a second result and a duplicate call id", () => {
    expect(reason(withEvents(call, approvalRequest, event("failed", { reason: "x" }, now)), result)).toMatch(/is failed/);
    expect(reason(withEvents(call, approvalRequest, approved, result), result)).toBe("call c1 already has an outcome");
    expect(reason(withEvents(call), call)).toBe("call id c1 is already used");
    expect(reason(running, result)).toBe("there is no tool call c1 in thread t1");
  });

  it("lets a paused thread be failed, and nothing else but its answer", () => {
    expect(reduce(awaitingHuman, event("failed", { reason: "cancelled" }, now)).ok).toBe(true);
    expect(reason(awaitingHuman, call)).toMatch(/waiting for an answer to "Which numbers\?"/);
  });

  it("never throws, whatever the event and state", () => {
    const events: AgentEvent[] = [
      call, approvalRequest, approved, result, question,
      event("user_message", { message: "hi" }, now),
      event("tool_error", { error: "boom" }, now),
      event("model_error", { error: "down", attempts: 3 }, now),
      event("human_response", { call_id: "c2", response: "2" }, now),
      event("done", { message: "bye" }, now),
      event("failed", { reason: "x" }, now),
    ];
    for (const thread of [running, awaitingApproval, awaitingHuman, done, failed]) {
      for (const e of events) expect(() => reduce(thread, e)).not.toThrow();
    }
  });
});

describe("applyAnswer", () => {
  it("records an approval with its comment", () => {
    const r = applyAnswer(awaitingApproval, { type: "approval", approved: false, comment: "too risky" }, now);
    expect(r.ok && r.thread.events.at(-1)).toEqual(
      event("approval_response", { call_id: "c1", approved: false, comment: "too risky" }, now),
    );
  });

  it("records a response to a question", () => {
    const r = applyAnswer(awaitingHuman, { type: "response", response: "10 and 2" }, now);
    expect(r.ok && r.thread.events.at(-1)).toEqual(event("human_response", { call_id: "c2", response: "10 and 2" }, now));
  });

  it("says what the thread waits for when the answer does not fit", () => {
    expect(applyAnswer(awaitingApproval, { type: "response", response: "yes" })).toEqual({
      ok: false,
      reason: 'thread t1 is waiting for approval of divide (call c1): answer with {"type":"approval","approved":true|false,"comment"?:"..."}',
    });
    expect(applyAnswer(awaitingHuman, { type: "approval", approved: true })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('answer with {"type":"response","response":"..."}'),
    });
    expect(applyAnswer(done, { type: "response", response: "hi" })).toEqual({
      ok: false,
      reason: "thread t1 is not waiting for a human (status: done)",
    });
  });

  it("accepts the workshop's answer bodies and nothing else", () => {
    expect(humanAnswer.safeParse({ type: "approval", approved: true }).success).toBe(true);
    expect(humanAnswer.safeParse({ type: "response", response: "ok" }).success).toBe(true);
    expect(humanAnswer.safeParse({ type: "approval", approved: "yes" }).success).toBe(false);
    expect(humanAnswer.safeParse({ type: "answer", response: "ok" }).success).toBe(false);
  });
});
