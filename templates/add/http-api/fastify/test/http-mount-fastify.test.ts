import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentFetch } from "../src/http/agent-fetch.ts";
import { agentPlugin } from "../src/http/mount-fastify.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { scriptedModel } from "./helpers/scripted-model.ts";

// The agent mounted in a Fastify app the way `add` tells you to, over real HTTP.

describe("the agent's API mounted in Fastify", () => {
  const app = Fastify();
  let base = "";

  beforeAll(async () => {
    const model = scriptedModel([{ tool: "done_for_now", input: { message: "hello to you" } }]);
    await app.register(agentPlugin, { prefix: "/agent", fetch: agentFetch({ model, store: new MemoryThreadStore(), maxRetries: 0 }) });
    app.post("/other", async (request) => ({ yours: request.body }));
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });

  afterAll(() => app.close());

  it("answers below the prefix", async () => {
    const res = await fetch(`${base}/agent/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("starts a thread, and names the prefix in Location and response_url", async () => {
    const res = await fetch(`${base}/agent/thread`, {
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
    const read = await fetch(`${base}${res.headers.get("location")}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { response_url: string }).response_url).toBe(body.response_url);
    const answer = await fetch(`${base}${body.response_url}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "response", response: "thanks" }),
    });
    expect(answer.status).toBe(409); // the agent's answer route: a done thread takes no more answers
  });

  it("leaves the app's own routes and body parsing alone", async () => {
    const res = await fetch(`${base}/other`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"a":1}' });
    expect(await res.json()).toEqual({ yours: { a: 1 } });
  });
});
