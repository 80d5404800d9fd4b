import Fastify from "fastify";
import { expect, it } from "vitest";
import { agentFetch } from "../src/http/agent-fetch.ts";
import { agentPlugin } from "../src/http/mount-fastify.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { describeMountedAgent, overHttp } from "./helpers/mount-suite.ts";
import { scriptedModel } from "./helpers/scripted-model.ts";

// The agent mounted in a Fastify app the way `add` tells you to, over real HTTP.

async function hostApp() {
  const app = Fastify();
  const model = scriptedModel([{ tool: "done_for_now", input: { message: "hello to you" } }]);
  await app.register(agentPlugin, { prefix: "/agent", fetch: agentFetch({ model, store: new MemoryThreadStore(), maxRetries: 0 }) });
  app.get("/agentless", async () => ({ yours: true }));
  app.post("/echo", async (request) => ({ yours: request.body }));
  return app;
}

describeMountedAgent("Fastify", async () => {
  const app = await hostApp();
  return { request: overHttp(await app.listen({ port: 0, host: "127.0.0.1" })), close: () => app.close() };
});

it("leaves the app's own body parsing alone", async () => {
  const app = await hostApp();
  const res = await app.inject({ method: "POST", url: "/echo", headers: { "content-type": "application/json" }, payload: '{"a":1}' });
  expect(res.json()).toEqual({ yours: { a: 1 } });
  await app.close();
});
