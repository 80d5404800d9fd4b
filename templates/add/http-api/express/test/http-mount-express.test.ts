import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentFetch } from "../src/http/agent-fetch.ts";
import { agentHandler } from "../src/http/node-handler.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { scriptedModel } from "./helpers/scripted-model.ts";

// The agent mounted in an Express app the way `add` tells you to, over real HTTP.

describe("the agent's API mounted in Express", () => {
  let server: Server;
  let base = "";

  beforeAll(async () => {
    const app = express();
    app.use(express.json()); // a body parser before the mount must not starve the agent
    const model = scriptedModel([{ tool: "done_for_now", input: { message: "hello to you" } }]);
    app.use("/agent", agentHandler(agentFetch({ model, store: new MemoryThreadStore(), maxRetries: 0 })));
    app.get("/other", (_req, res) => {
      res.json({ yours: true });
    });
    server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.close();
    await once(server, "close");
  });

  it("answers below the mount point", async () => {
    const res = await fetch(`${base}/agent/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("starts a thread with a body express.json() has read already", async () => {
    const res = await fetch(`${base}/agent/thread`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: "hello" }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { status: string; events: { type: string }[] };
    expect(body.status).toBe("done");
    expect(body.events.map((event) => event.type)).toEqual(["user_message", "tool_call", "done"]);
  });

  it("keeps the agent's own checks (415 for a body that is not JSON)", async () => {
    const res = await fetch(`${base}/agent/thread`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "hello" });
    expect(res.status).toBe(415);
  });

  it("leaves the app's other routes alone", async () => {
    expect(await (await fetch(`${base}/other`)).json()).toEqual({ yours: true });
  });
});
