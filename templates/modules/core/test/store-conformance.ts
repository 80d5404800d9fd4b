import { describe, expect, it } from "vitest";
import { agentEvent, event, type AgentEvent, type EventType } from "../src/agent/events.ts";
import { newThread, type Thread } from "../src/agent/thread.ts";
import { VersionConflictError, type ThreadStore } from "../src/store/types.ts";

// The promises every ThreadStore keeps. A new store passes when its test file
// calls describeThreadStore("my store", () => makeIt()).

const at = new Date("2025-01-02T03:04:05.000Z");

/** One event of every type, so a store that loses a field of any of them fails. */
export const oneOfEachEvent: AgentEvent[] = [
  event("user_message", { message: "what is 3 / 4?" }, at),
  event("tool_call", { call_id: "c1", tool: "divide", input: { a: 3, b: 4 } }, at),
  event("approval_request", { call_id: "c1", tool: "divide", input: { a: 3, b: 4 } }, at),
  event("approval_response", { call_id: "c1", approved: true, comment: "fine" }, at),
  event("tool_result", { call_id: "c1", tool: "divide", output: { value: 0.75, nested: [1, null, "x"] } }, at),
  event("tool_error", { call_id: "c2", tool: "multiply", error: "b: expected number, received string" }, at),
  event("tool_error", { error: "the model called no tool" }, at),
  event("model_error", { error: "provider timed out", attempts: 3 }, at),
  event("human_request", { call_id: "c3", question: "which unit?", context: "needed for the answer", choices: ["m", "ft"] }, at),
  event("human_response", { call_id: "c3", response: "m" }, at),
  event("failed", { reason: "too many errors in a row" }, at),
  event("done", { message: "3 / 4 = 0.75" }, at),
];

function threadWith(id: string, ...events: AgentEvent[]): Thread {
  const t = newThread("hello", at, id);
  return { ...t, events: [...t.events, ...events] };
}

function append(t: Thread, e: AgentEvent): Thread {
  return { ...t, events: [...t.events, e] };
}

export function describeThreadStore(name: string, makeStore: () => ThreadStore | Promise<ThreadStore>): void {
  describe(`${name} (ThreadStore conformance)`, () => {
    it("stores a new thread at version 1 and gives it back", async () => {
      const store = await makeStore();
      const created = await store.create(newThread("hi", at, "t1"));
      expect(created.version).toBe(1);
      expect(await store.get("t1")).toEqual(created);
      expect(created.events).toEqual([{ type: "user_message", at: at.toISOString(), data: { message: "hi" } }]);
    });

    it("returns undefined for an id it does not hold", async () => {
      const store = await makeStore();
      expect(await store.get("no-such-thread")).toBeUndefined();
    });

    it("bumps the version on every update", async () => {
      const store = await makeStore();
      const v1 = await store.create(newThread("hi", at, "t1"));
      const v2 = await store.update(append(v1, event("done", { message: "a" }, at)), 1);
      const v3 = await store.update(append(v2, event("user_message", { message: "b" }, at)), 2);
      expect([v2.version, v3.version]).toEqual([2, 3]);
      expect(await store.get("t1")).toEqual(v3);
      expect(v3.events.map((e) => e.type)).toEqual(["user_message", "done", "user_message"]);
    });

    it("rejects a write based on a stale version and keeps the stored thread", async () => {
      const store = await makeStore();
      const v1 = await store.create(newThread("hi", at, "t1"));
      const v2 = await store.update(append(v1, event("done", { message: "first" }, at)), 1);
      const stale = store.update(append(v1, event("done", { message: "second" }, at)), 1);
      await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
      await expect(stale).rejects.toMatchObject({ threadId: "t1", expectedVersion: 1, actualVersion: 2 });
      expect(await store.get("t1")).toEqual(v2);
    });

    it("rejects an update of a thread it does not hold", async () => {
      const store = await makeStore();
      await expect(store.update({ ...newThread("hi", at, "ghost"), version: 1 }, 1)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect(await store.get("ghost")).toBeUndefined();
    });

    it("lets exactly one of several racing updates win", async () => {
      const store = await makeStore();
      const v1 = await store.create(newThread("hi", at, "t1"));
      const attempts = Array.from({ length: 8 }, (_, i) =>
        store.update(append(v1, event("done", { message: `writer ${i}` }, at)), 1),
      );
      const results = await Promise.allSettled(attempts);
      const winners = results.filter((r) => r.status === "fulfilled");
      const losers = results.filter((r) => r.status === "rejected");
      expect(winners).toHaveLength(1);
      for (const loser of losers) expect(loser.reason).toBeInstanceOf(VersionConflictError);
      const stored = await store.get("t1");
      expect(stored?.version).toBe(2);
      expect(stored).toEqual(winners[0]?.value);
    });

    it("refuses to create a thread whose id exists, and keeps the first", async () => {
      const store = await makeStore();
      const first = await store.create(newThread("first", at, "t1"));
      await expect(store.create(newThread("second", at, "t1"))).rejects.toBeInstanceOf(VersionConflictError);
      expect(await store.get("t1")).toEqual(first);
    });

    it("lets exactly one of several racing creates of one id win", async () => {
      const store = await makeStore();
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => store.create(newThread(`writer ${i}`, at, "t1"))),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect((await store.list()).map((s) => s.id)).toEqual(["t1"]);
    });

    it("lists threads with their status, oldest first, and filters by status", async () => {
      const store = await makeStore();
      const later = (id: string, seconds: number, ...events: AgentEvent[]) => ({
        ...threadWith(id, ...events),
        created_at: new Date(at.getTime() + seconds * 1000).toISOString(),
      });
      await store.create(later("c-done", 3, event("done", { message: "ok" }, at)));
      await store.create(later("a-running", 1));
      await store.create(later("b-approval", 2, event("approval_request", { call_id: "x", tool: "divide", input: {} }, at)));
      await store.create(later("d-failed", 4, event("failed", { reason: "gave up" }, at)));
      await store.create(later("e-human", 5, event("human_request", { call_id: "y", question: "?" }, at)));

      const all = await store.list();
      expect(all.map((s) => [s.id, s.status, s.version])).toEqual([
        ["a-running", "running", 1],
        ["b-approval", "awaiting_approval", 1],
        ["c-done", "done", 1],
        ["d-failed", "failed", 1],
        ["e-human", "awaiting_human", 1],
      ]);
      expect(all[0]?.created_at).toBe(new Date(at.getTime() + 1000).toISOString());
      expect((await store.list({ status: "awaiting_approval" })).map((s) => s.id)).toEqual(["b-approval"]);
      expect(await store.list({ status: "awaiting_human" })).toHaveLength(1);
    });

    it("lists nothing when empty", async () => {
      const store = await makeStore();
      expect(await store.list()).toEqual([]);
    });

    it("round-trips every event type unchanged", async () => {
      const covered = new Set(oneOfEachEvent.map((e) => e.type));
      const known = agentEvent.options.map((o) => o.shape.type.value) satisfies EventType[];
      expect([...covered].sort()).toEqual([...known].sort()); // a new event type must be added above

      const store = await makeStore();
      const t = threadWith("t1", ...oneOfEachEvent.slice(1));
      await store.create(t);
      expect((await store.get("t1"))?.events).toEqual(t.events);
      const updated = await store.update({ ...t, events: [...t.events, ...oneOfEachEvent] }, 1);
      expect((await store.get("t1"))?.events).toEqual(updated.events);
      expect(updated.events).toHaveLength(t.events.length + oneOfEachEvent.length);
    });

    it("shares no objects with its callers", async () => {
      const store = await makeStore();
      const input = newThread("original", at, "t1");
      const created = await store.create(input);
      input.events.push(event("done", { message: "mutated input" }, at));
      created.events.push(event("done", { message: "mutated result" }, at));
      const read = await store.get("t1");
      read!.events[0]!.data = { message: "mutated read" };
      const again = await store.get("t1");
      expect(again?.events).toEqual([{ type: "user_message", at: at.toISOString(), data: { message: "original" } }]);

      const next = append(again!, event("tool_call", { call_id: "c", tool: "add", input: { a: 1 } }, at));
      const updated = await store.update(next, 1);
      (next.events[1]!.data as { input: { a: number } }).input.a = 99;
      (updated.events[1]!.data as { input: { a: number } }).input.a = 98;
      expect((await store.get("t1"))?.events[1]?.data).toEqual({ call_id: "c", tool: "add", input: { a: 1 } });
    });

    it("keeps threads apart", async () => {
      const store = await makeStore();
      const a = await store.create(newThread("a", at, "a"));
      await store.create(newThread("b", at, "b"));
      await store.update(append(a, event("done", { message: "a done" }, at)), 1);
      expect((await store.get("b"))?.events).toHaveLength(1);
      expect((await store.get("b"))?.version).toBe(1);
    });
  });
}
