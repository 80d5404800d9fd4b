import { describe, expect, it } from "vitest";
import { z } from "zod";
import { IdempotencyRecords, threadIdForKey } from "../src/http/idempotency.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { tools } from "../src/tools/index.ts";
import { defineTool } from "../src/tools/types.ts";
import { gate, json, postJson, testApp } from "./helpers/http.ts";

const key = (k: string) => ({ "Idempotency-Key": k });

describe("Idempotency-Key", () => {
  it("same key and body: the first answer again, and the work is done once", async () => {
    const { app, store, model } = testApp([
      { tool: "multiply", input: { a: 3, b: 4 } },
      { tool: "done_for_now", input: { message: "12" } },
    ]);
    const first = await postJson(app, "/thread", { message: "3 * 4?" }, key("k-1"));
    const again = await postJson(app, "/thread", { message: "3 * 4?" }, key("k-1"));
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(await again.text()).toBe(await first.text());
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await store.list()).toHaveLength(1);
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it("a retried approval gets the first answer, not a 409", async () => {
    const { app } = testApp([
      { tool: "divide", input: { a: 3, b: 4 } },
      { tool: "done_for_now", input: { message: "0.75" } },
    ]);
    const started = await json(await postJson(app, "/thread", { message: "3 / 4?" }));
    const approve = { type: "approval", approved: true };
    const first = await postJson(app, started.response_url, approve, key("approve-1"));
    const retry = await postJson(app, started.response_url, approve, key("approve-1"));
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(await json(retry)).toEqual(await json(first));
    expect((await postJson(app, started.response_url, approve, key("approve-2"))).status).toBe(409);
  });

  it("same key with a different body or route → 422", async () => {
    const { app, store } = testApp([{ tool: "done_for_now", input: { message: "hi" } }]);
    expect((await postJson(app, "/thread", { message: "hi" }, key("k-1"))).status).toBe(201);
    const other = await postJson(app, "/thread", { message: "hello" }, key("k-1"));
    expect(other.status).toBe(422);
    expect((await json(other)).error).toContain("different request");
    const elsewhere = await postJson(app, "/thread/x/response", { message: "hi" }, key("k-1"));
    expect(elsewhere.status).toBe(422);
    expect(await store.list()).toHaveLength(1);
  });

  it("a repeat while the first is still running → 409, then the first answer", async () => {
    const held = gate();
    const started = gate();
    const slow = defineTool({
      name: "slow_lookup",
      description: "Looks something up slowly.",
      kind: "action",
      inputSchema: z.object({ q: z.string() }),
      execute: async () => {
        started.open();
        await held.opened;
        return "found";
      },
    });
    const { app, store } = testApp(
      [{ tool: "slow_lookup", input: { q: "x" } }, { tool: "done_for_now", input: { message: "found" } }],
      { tools: [...tools, slow] },
    );
    const first = postJson(app, "/thread", { message: "look up x" }, key("k-1"));
    await started.opened;
    const repeat = await postJson(app, "/thread", { message: "look up x" }, key("k-1"));
    expect(repeat.status).toBe(409);
    expect((await json(repeat)).error).toContain("still running");
    held.open();
    const done = await first;
    expect(done.status).toBe(201);
    const replay = await postJson(app, "/thread", { message: "look up x" }, key("k-1"));
    expect(replay.status).toBe(201);
    expect(await replay.text()).toBe(await done.text());
    expect(await store.list()).toHaveLength(1);
  });

  it("after a restart, a retried start finds its thread instead of starting a second one", async () => {
    const store = new MemoryThreadStore();
    const before = testApp([{ tool: "divide", input: { a: 3, b: 4 } }], { store });
    const first = await json(await postJson(before.app, "/thread", { message: "3 / 4?" }, key("k-1")));
    expect(first.status).toBe("awaiting_approval");

    // A new process: same store, no remembered answers.
    const after = testApp([], { store });
    const retry = await postJson(after.app, "/thread", { message: "3 / 4?" }, key("k-1"));
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await json(retry)).toMatchObject({ thread_id: first.thread_id, status: "awaiting_approval", version: first.version });
    expect(await store.list()).toHaveLength(1);
    expect(after.model.doGenerateCalls).toHaveLength(0);

    const other = await postJson(after.app, "/thread", { message: "4 / 3?" }, key("k-1"));
    expect(other.status).toBe(422);
    expect(await store.list()).toHaveLength(1);
  });

  it("after a restart, a retried queued start queues its thread again (the first job may have died with the process)", async () => {
    const store = new MemoryThreadStore();
    const queued: string[] = [];
    const queue = { enqueue: async (id: string) => void queued.push(id), close: async () => {} };
    const before = testApp([], { store, queue, execution: "queue" });
    const first = await postJson(before.app, "/thread", { message: "3 * 4?" }, key("k-q"));
    expect(first.status).toBe(202);

    const after = testApp([], { store, queue, execution: "queue" });
    const retry = await postJson(after.app, "/thread", { message: "3 * 4?" }, key("k-q"));
    expect(retry.status).toBe(202);
    const id = (await json(first)).thread_id;
    expect((await json(retry)).thread_id).toBe(id);
    expect(queued).toEqual([id, id]);
    expect(await store.list()).toHaveLength(1);
  });

  it("gives a thread started with a key an id that names no other key's thread", async () => {
    const { app } = testApp([{ tool: "done_for_now", input: { message: "hi" } }, { tool: "done_for_now", input: { message: "hi" } }]);
    const a = await json(await postJson(app, "/thread", { message: "hi" }, key("k-a")));
    const b = await json(await postJson(app, "/thread", { message: "hi" }, key("k-b")));
    expect(a.thread_id).toBe(threadIdForKey("k-a"));
    expect(b.thread_id).not.toBe(a.thread_id);
  });

  it("refuses an unusable key", async () => {
    const { app } = testApp([]);
    for (const k of ["x".repeat(256), "has space"]) {
      const res = await postJson(app, "/thread", { message: "hi" }, key(k));
      expect(res.status, k).toBe(400);
    }
  });
});

describe("IdempotencyRecords", () => {
  const response = { status: 201 as const, body: "{}", contentType: "application/json" };

  it("keeps at most `capacity` records, dropping the oldest finished first", () => {
    const records = new IdempotencyRecords(2);
    records.begin("a", "fa");
    records.finish("a", response);
    records.begin("b", "fb"); // still running
    records.begin("c", "fc");
    expect(records.get("a")).toBeUndefined();
    expect(records.get("b")?.response).toBeUndefined();
    expect(records.get("c")?.fingerprint).toBe("fc");
    expect(records.size).toBe(2);
  });

  it("forgets finished records after `ttlMs`", () => {
    const records = new IdempotencyRecords(10, 1000);
    records.begin("a", "fa", 0);
    records.finish("a", response, 0);
    expect(records.get("a", 1000)?.response).toEqual(response);
    expect(records.get("a", 1001)).toBeUndefined();
  });
});
