import { describe, expect, it } from "vitest";
import { json, postJson, testApp } from "./helpers/http.ts";

// The workshop's flows over HTTP: start a thread, read it, approve or reject a gated tool.

describe("POST /thread", () => {
  it("runs the agent until it is done and returns the thread", async () => {
    const { app, store } = testApp([
      { tool: "multiply", input: { a: 3, b: 4 } },
      { tool: "done_for_now", input: { message: "3 * 4 = 12" } },
    ]);
    const res = await postJson(app, "/thread", { message: "what is 3 * 4?" });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.status).toBe("done");
    expect(body.events.map((e: { type: string }) => e.type)).toEqual([
      "user_message", "tool_call", "tool_result", "tool_call", "done",
    ]);
    expect(body.events[0].data).toEqual({ message: "what is 3 * 4?" });
    expect(body.events[2].data).toMatchObject({ tool: "multiply", output: 12 });
    expect(body.events[4].data).toEqual({ message: "3 * 4 = 12" });
    expect(body.response_url).toBe(`/thread/${body.thread_id}/response`);
    expect(res.headers.get("location")).toBe(`/thread/${body.thread_id}`);
    expect(body.version).toBe((await store.get(body.thread_id))?.version);
  });

  it("pauses at a tool that needs approval", async () => {
    const { app } = testApp([{ tool: "divide", input: { a: 3, b: 4 } }]);
    const body = await json(await postJson(app, "/thread", { message: "what is 3 / 4?" }));
    expect(body.status).toBe("awaiting_approval");
    expect(body.events.at(-1)).toMatchObject({ type: "approval_request", data: { tool: "divide", input: { a: 3, b: 4 } } });
  });
});

describe("GET /thread/:id", () => {
  it("returns the stored thread", async () => {
    const { app } = testApp([{ tool: "divide", input: { a: 3, b: 4 } }]);
    const started = await json(await postJson(app, "/thread", { message: "what is 3 / 4?" }));
    const res = await app.request(`/thread/${started.thread_id}`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(started);
  });

  it("answers 404 with a JSON error for an unknown or path-like id", async () => {
    const { app } = testApp([]);
    for (const path of ["/thread/no-such-thread", "/thread/..%2F..%2Fetc%2Fpasswd", "/thread/a%5Cb", "/thread/.hidden"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await json(res), path).toEqual({ error: "thread not found" });
    }
  });
});

describe("POST /thread/:id/response", () => {
  it("approve: runs the tool, continues and finishes", async () => {
    const { app } = testApp([
      { tool: "divide", input: { a: 3, b: 4 } },
      { tool: "done_for_now", input: { message: "3 / 4 = 0.75" } },
    ]);
    const started = await json(await postJson(app, "/thread", { message: "what is 3 / 4?" }));
    const res = await postJson(app, started.response_url, { type: "approval", approved: true });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.status).toBe("done");
    expect(body.events.map((e: { type: string }) => e.type)).toEqual([
      "user_message", "tool_call", "approval_request", "approval_response", "tool_result", "tool_call", "done",
    ]);
    expect(body.events[4].data).toMatchObject({ tool: "divide", output: 0.75 });
    expect(await json(await app.request(`/thread/${started.thread_id}`))).toEqual(body);
  });

  it("reject with a comment: the tool does not run and the model reads the comment", async () => {
    const { app, model } = testApp([
      { tool: "divide", input: { a: 3, b: 4 } },
      { tool: "done_for_now", input: { message: "I will not divide." } },
    ]);
    const started = await json(await postJson(app, "/thread", { message: "what is 3 / 4?" }));
    const res = await postJson(app, started.response_url, {
      type: "approval",
      approved: false,
      comment: "use multiply instead",
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.status).toBe("done");
    expect(body.events[3]).toMatchObject({ type: "approval_response", data: { approved: false, comment: "use multiply instead" } });
    expect(body.events[4].data.output).toBe('user denied the operation with feedback: "use multiply instead"');
    expect(model.doGenerateCalls).toHaveLength(2);
    expect(JSON.stringify(model.doGenerateCalls[1]?.prompt)).toContain("use multiply instead");
  });
});

describe("GET /healthz", () => {
  it("answers 200", async () => {
    const res = await testApp([]).app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ok: true });
  });
});
