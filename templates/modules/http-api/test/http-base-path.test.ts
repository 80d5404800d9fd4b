import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { json, postJson, testApp } from "./helpers/http.ts";

// Mounted under a prefix in a bigger server (e.g. /agent), the API names that prefix in the URLs
// it answers with, so a client can follow Location and response_url as they are.

describe("the API mounted under a path", () => {
  it("starts Location and response_url with basePath, and both lead back to the API", async () => {
    const { app } = testApp(
      [{ tool: "divide", input: { a: 3, b: 4 } }, { tool: "done_for_now", input: { message: "0.75" } }],
      { basePath: "/agent/" },
    );
    const host = new Hono();
    host.mount("/agent", app.fetch);

    const started = await postJson(host, "/agent/thread", { message: "what is 3 / 4?" });
    expect(started.status).toBe(201);
    const body = await json(started);
    expect(started.headers.get("location")).toBe(`/agent/thread/${body.thread_id}`);
    expect(body.response_url).toBe(`/agent/thread/${body.thread_id}/response`);

    const read = await host.request(started.headers.get("location")!);
    expect((await json(read)).status).toBe("awaiting_approval");
    const approved = await postJson(host, body.response_url, { type: "approval", approved: true });
    expect(approved.status).toBe(200);
    expect((await json(approved)).status).toBe("done");
  });

  it("takes the path per request from the server that mounts it (Hono's env basePath)", async () => {
    const { app } = testApp([{ tool: "done_for_now", input: { message: "hi" } }]);
    const res = await postJson(app, "/thread", { message: "hello" }, {});
    expect(res.headers.get("location")).toMatch(/^\/thread\//);

    const { app: mounted } = testApp([{ tool: "done_for_now", input: { message: "hi" } }], { basePath: "/ignored" });
    const started = await mounted.request(
      "/thread",
      { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ message: "hello" }) },
      { basePath: "/api/agent" },
    );
    const body = await json(started);
    expect(started.headers.get("location")).toBe(`/api/agent/thread/${body.thread_id}`);
    expect(body.response_url).toBe(`/api/agent/thread/${body.thread_id}/response`);
  });

  it("names no prefix at the server's root", async () => {
    const { app } = testApp([{ tool: "done_for_now", input: { message: "hi" } }], { basePath: "/" });
    const body = await json(await postJson(app, "/thread", { message: "hello" }));
    expect(body.response_url).toBe(`/thread/${body.thread_id}/response`);
  });
});
