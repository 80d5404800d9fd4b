import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { agentFetch } from "../src/http/agent-fetch.ts";
import { agentHandler } from "../src/http/node-handler.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { describeMountedAgent, overHttp } from "./helpers/mount-suite.ts";
import { scriptedModel } from "./helpers/scripted-model.ts";

// The agent mounted in an Express app the way `add` tells you to, over real HTTP.

describeMountedAgent("Express", async () => {
  const app = express();
  app.use(express.json()); // a body parser before the mount must not starve the agent
  const model = scriptedModel([{ tool: "done_for_now", input: { message: "hello to you" } }]);
  app.use("/agent", agentHandler(agentFetch({ model, store: new MemoryThreadStore(), maxRetries: 0 })));
  app.get("/agentless", (_req, res) => {
    res.json({ yours: true });
  });
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    request: overHttp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    close: async () => {
      server.close();
      await once(server, "close");
    },
  };
});
