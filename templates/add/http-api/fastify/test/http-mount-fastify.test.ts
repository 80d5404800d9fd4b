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

  it("starts a thread", async () => {
    const res = await fetch(`${base}/agent/thread`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: "hello" }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { status: string }).status).toBe("done");
  });

  it("leaves the app's own routes and body parsing alone", async () => {
    const res = await fetch(`${base}/other`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"a":1}' });
    expect(await res.json()).toEqual({ yours: { a: 1 } });
  });
});
