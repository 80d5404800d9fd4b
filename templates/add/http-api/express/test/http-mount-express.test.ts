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

  it("starts a thread with a body express.json() has read already, and names the mount point in its URLs", async () => {
    const res = await fetch(`${base}/agent/thread`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: "hello" }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { thread_id: string; status: string; response_url: string; events: { type: string }[] };
    expect(body.status).toBe("done");
    expect(body.events.map((event) => event.type)).toEqual(["user_message", "tool_call", "done"]);
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

  it("keeps the agent's own checks (415 for a body that is not JSON)", async () => {
    const res = await fetch(`${base}/agent/thread`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "hello" });
    expect(res.status).toBe(415);
  });

  it("leaves the app's other routes alone", async () => {
    expect(await (await fetch(`${base}/other`)).json()).toEqual({ yours: true });
  });
});
