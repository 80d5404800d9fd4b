import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { agentFetch } from "../src/http/agent-fetch.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { scriptedModel } from "./helpers/scripted-model.ts";

// The agent mounted in a Hono app the way `add` tells you to.

function hostApp() {
  const app = new Hono();
  const model = scriptedModel([{ tool: "done_for_now", input: { message: "hello to you" } }]);
  // Hono does not tell a mounted handler where it is: basePath (or AGENT_BASE_PATH) says it.
  app.mount("/agent", agentFetch({ model, store: new MemoryThreadStore(), maxRetries: 0, basePath: "/agent" }));
  app.get("/other", (c) => c.json({ yours: true }));
  return app;
}

describe("the agent's API mounted in Hono", () => {
  it("answers below the mount point", async () => {
    const res = await hostApp().request("/agent/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("starts a thread, and names the mount point in Location and response_url", async () => {
    const app = hostApp();
    const res = await app.request("/agent/thread", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: "hello" }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { thread_id: string; status: string; response_url: string };
    expect(body.status).toBe("done");
    // The URLs it names start with the mount point, and lead back to the agent's routes.
    expect(res.headers.get("location")).toBe(`/agent/thread/${body.thread_id}`);
    expect(body.response_url).toBe(`/agent/thread/${body.thread_id}/response`);
    const read = await app.request(res.headers.get("location")!);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { response_url: string }).response_url).toBe(body.response_url);
    const answer = await app.request(body.response_url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "response", response: "thanks" }),
    });
    expect(answer.status).toBe(409); // the agent's answer route: a done thread takes no more answers
  });

  it("leaves the app's other routes alone", async () => {
    expect(await (await hostApp().request("/other")).json()).toEqual({ yours: true });
  });
});
