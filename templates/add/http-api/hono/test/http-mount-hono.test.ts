import { Hono } from "hono";
import { agentFetch } from "../src/http/agent-fetch.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { describeMountedAgent } from "./helpers/mount-suite.ts";
import { scriptedModel } from "./helpers/scripted-model.ts";

// The agent mounted in a Hono app the way `add` tells you to, requests made in process.

describeMountedAgent("Hono", async () => {
  const app = new Hono();
  const model = scriptedModel([{ tool: "done_for_now", input: { message: "hello to you" } }]);
  // Hono does not tell a mounted handler where it is: basePath (or AGENT_BASE_PATH) says it.
  app.mount("/agent", agentFetch({ model, store: new MemoryThreadStore(), maxRetries: 0, basePath: "/agent" }));
  app.get("/agentless", (c) => c.json({ yours: true }));
  return { request: async (path, init) => app.request(path, init), close: async () => {} };
});
