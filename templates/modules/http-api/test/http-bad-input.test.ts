import { afterEach, describe, expect, it, vi } from "vitest";
import type { Thread } from "../src/agent/thread.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { json, postJson, testApp } from "./helpers/http.ts";

// Bad input gets a 4xx with a JSON error that says what to fix, and changes nothing.

afterEach(() => {
  vi.restoreAllMocks();
});

async function pausedThread() {
  const setup = testApp([
    { tool: "divide", input: { a: 3, b: 4 } },
    { tool: "done_for_now", input: { message: "0.75" } },
  ]);
  const started = await json(await postJson(setup.app, "/thread", { message: "what is 3 / 4?" }));
  return { ...setup, started };
}

describe("request bodies", () => {
  it("malformed JSON → 400", async () => {
    const { app, store } = testApp([]);
    const res = await postJson(app, "/thread", '{"message": "hi"');
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatch(/^the body is not valid JSON/);
    expect(await store.list()).toEqual([]);
  });

  it("a body of the wrong shape → 400 with the zod issues", async () => {
    const { app, store } = testApp([]);
    const cases: Array<[unknown, string]> = [
      [{ message: 42 }, "invalid_type"],
      [{}, "invalid_type"],
      [{ message: "   " }, "too_small"],
      [{ message: "hi", priority: "high" }, "unrecognized_keys"],
      [["hi"], "invalid_type"],
      [null, "invalid_type"],
    ];
    for (const [body, code] of cases) {
      const res = await postJson(app, "/thread", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = await json(res);
      expect(error.issues.map((i: { code: string }) => i.code), JSON.stringify(body)).toContain(code);
    }
    expect(await store.list()).toEqual([]);
  });

  it("an answer of the wrong shape → 400 with the zod issues", async () => {
    const { app, started } = await pausedThread();
    for (const body of [{ type: "approval" }, { type: "approve", approved: true }, { type: "approval", approved: "yes" }]) {
      const res = await postJson(app, started.response_url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json(res)).issues.length, JSON.stringify(body)).toBeGreaterThan(0);
    }
    expect((await json(await app.request(`/thread/${started.thread_id}`))).version).toBe(started.version);
  });

  it("a body over 1 MiB → 413, and nothing is stored", async () => {
    const { app, store } = testApp([]);
    const res = await postJson(app, "/thread", { message: "x".repeat(1024 * 1024) });
    expect(res.status).toBe(413);
    expect((await json(res)).error).toContain("larger than 1048576 bytes");
    expect(await store.list()).toEqual([]);
  });

  it("a body of exactly 1 MiB is accepted", async () => {
    const { app } = testApp([{ tool: "done_for_now", input: { message: "ok" } }]);
    const body = JSON.stringify({ message: "" }).length;
    const res = await postJson(app, "/thread", { message: "x".repeat(1024 * 1024 - body) });
    expect(res.status).toBe(201);
  });

  it("a POST that is not JSON → 415", async () => {
    const { app } = testApp([]);
    const asText = await app.request("/thread", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "hi" });
    expect(asText.status).toBe(415);
    expect((await json(asText)).error).toContain("Content-Type: application/json");
    const untyped = await app.request("/thread", { method: "POST", body: new Uint8Array([123, 125]) });
    expect(untyped.status).toBe(415);
  });

  it("accepts application/json with a charset", async () => {
    const { app } = testApp([{ tool: "done_for_now", input: { message: "ok" } }]);
    const res = await postJson(app, "/thread", { message: "hi" }, { "Content-Type": "application/json; charset=utf-8" });
    expect(res.status).toBe(201);
  });

  it("__proto__ and constructor keys are refused and pollute nothing", async () => {
    const { app, store, started } = await pausedThread();
    const attacks = [
      '{"message": "hi", "__proto__": {"polluted": true}}',
      '{"message": "hi", "constructor": {"prototype": {"polluted": true}}}',
    ];
    for (const body of attacks) {
      const res = await postJson(app, "/thread", body);
      expect(res.status).toBe(400);
      expect((await json(res)).issues[0].code).toBe("unrecognized_keys");
    }
    const answer = await postJson(app, started.response_url, '{"type": "approval", "approved": true, "__proto__": {"polluted": true}}');
    expect(answer.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(await store.list()).toHaveLength(1);
  });
});

describe("answers that do not fit the thread", () => {
  it("an answer of the wrong kind → 409 saying what the thread waits for", async () => {
    const { app, started } = await pausedThread();
    const res = await postJson(app, started.response_url, { type: "response", response: "yes" });
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body.status).toBe("awaiting_approval");
    expect(body.error).toContain("approval of divide");
    expect((await json(await app.request(`/thread/${started.thread_id}`))).version).toBe(started.version);
  });

  it("an answer to a finished thread → 409", async () => {
    const { app, started } = await pausedThread();
    expect((await postJson(app, started.response_url, { type: "approval", approved: true })).status).toBe(200);
    const res = await postJson(app, started.response_url, { type: "approval", approved: true });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ status: "done", error: expect.stringContaining("the thread is done") });
  });

  it("an answer to an unknown thread → 404", async () => {
    const { app } = testApp([]);
    const res = await postJson(app, "/thread/nope/response", { type: "approval", approved: true });
    expect(res.status).toBe(404);
  });
});

describe("routes", () => {
  it("an unknown route → 404 JSON", async () => {
    const res = await testApp([]).app.request("/threads");
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "no route GET /threads" });
  });

  it("a known route with the wrong method → 405 naming the right one", async () => {
    const { app } = testApp([]);
    for (const [method, path, allow] of [
      ["GET", "/thread", "POST"],
      ["DELETE", "/thread/abc", "GET"],
      ["GET", "/thread/abc/response", "POST"],
      ["POST", "/healthz", "GET"],
    ] as const) {
      const res = await app.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      expect((await json(res)).error).toContain(`use ${allow}`);
    }
  });
});

describe("failures inside the server", () => {
  it("answer 500 JSON without a stack, logged, and the server keeps serving", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    class BrokenDisk extends MemoryThreadStore {
      override async update(_thread: Thread, _expectedVersion: number): Promise<Thread> {
        throw new Error("EIO: disk on fire");
      }
    }
    const { app } = testApp([{ tool: "multiply", input: { a: 1, b: 2 } }], { store: new BrokenDisk() });
    const res = await postJson(app, "/thread", { message: "1 * 2?" });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("disk on fire");
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    const body = JSON.parse(text);
    expect(body.error).toContain("server log");
    expect(body.thread_id).toEqual(expect.any(String));
    expect(logged).toHaveBeenCalled();
    expect(String(logged.mock.calls.flat().join(" "))).toContain("disk on fire");

    expect((await app.request("/healthz")).status).toBe(200);
    expect((await app.request(`/thread/${body.thread_id}`)).status).toBe(200);
  });
});
