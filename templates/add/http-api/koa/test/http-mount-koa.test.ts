import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentFetch } from "../src/http/agent-fetch.ts";
import { agentMiddleware } from "../src/http/mount-koa.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { scriptedModel } from "./helpers/scripted-model.ts";

// The agent mounted in a Koa app the way `add` tells you to, over real HTTP.

describe("the agent's API mounted in Koa", () => {
  let server: Server;
  let base = "";

  beforeAll(async () => {
    const app = new Koa();
    const model = scriptedModel([{ tool: "done_for_now", input: { message: "hello to you" } }]);
    app.use(agentMiddleware("/agent", agentFetch({ model, store: new MemoryThreadStore(), maxRetries: 0 })));
    app.use((ctx) => {
      ctx.body = { yours: ctx.path };
    });
    server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.close();
    await once(server, "close");
  });

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

  it("leaves the app's other routes alone", async () => {
    expect(await (await fetch(`${base}/agentless`)).json()).toEqual({ yours: "/agentless" });
  });
});
