import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { agentFetch } from "../src/http/agent-fetch.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { scriptedModel } from "./helpers/scripted-model.ts";

// The agent mounted in a Hono app the way `add` tells you to.

function hostApp() {
  const app = new Hono();
  const model = scriptedModel([{ tool: "done_for_now", input: { message: "hello to you" } }]);
  app.mount("/agent", agentFetch({ model, store: new MemoryThreadStore(), maxRetries: 0 }));
  app.get("/other", (c) => c.json({ yours: true }));
  return app;
}

describe("the agent's API mounted in Hono", () => {
  it("answers below the mount point", async () => {
    const res = await hostApp().request("/agent/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("starts a thread", async () => {
    const res = await hostApp().request("/agent/thread", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: "hello" }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { status: string };
    expect(body.status).toBe("done");
  });

  it("leaves the app's other routes alone", async () => {
    expect(await (await hostApp().request("/other")).json()).toEqual({ yours: true });
  });
});
