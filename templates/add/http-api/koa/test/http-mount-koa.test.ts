import { once } from "node:events";
import type { AddressInfo } from "node:net";
import Koa from "koa";
import { agentFetch } from "../src/http/agent-fetch.ts";
import { agentMiddleware } from "../src/http/mount-koa.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { describeMountedAgent, overHttp } from "./helpers/mount-suite.ts";
import { scriptedModel } from "./helpers/scripted-model.ts";

// The agent mounted in a Koa app the way `add` tells you to, over real HTTP.

describeMountedAgent("Koa", async () => {
  const app = new Koa();
  const model = scriptedModel([{ tool: "done_for_now", input: { message: "hello to you" } }]);
  app.use(agentMiddleware("/agent", agentFetch({ model, store: new MemoryThreadStore(), maxRetries: 0 })));
  app.use((ctx) => {
    if (ctx.path === "/agentless") ctx.body = { yours: true };
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
