import { afterAll, beforeAll, describe, expect, it } from "vitest";

// What the agent's API must do wherever `add` mounts it: answer below the mount point, name
// that mount point in the URLs it hands out, keep its own checks, and leave the app's other
// routes alone. Each framework's test/http-mount-*.test.ts builds its host app and calls this.

export interface MountedHost {
  /** A request to the host app, by path: over real HTTP, or in process where the framework can. */
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `start` builds the host app with the agent mounted at /agent, its model scripted to answer
 * done_for_now at once, and one route of the app's own, GET /agentless → {"yours": true}
 * (named like the mount point on purpose: a prefix match would swallow it).
 */
export function describeMountedAgent(framework: string, start: () => Promise<MountedHost>): void {
  describe(`the agent's API mounted in ${framework}`, () => {
    let host: MountedHost;
    beforeAll(async () => {
      host = await start();
    });
    afterAll(() => host.close());

    it("answers below the mount point", async () => {
      const res = await host.request("/agent/healthz");
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
    });

    it("starts a thread, and names the mount point in Location and response_url", async () => {
      const res = await host.request("/agent/thread", {
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
      const read = await host.request(res.headers.get("location")!);
      expect(read.status).toBe(200);
      expect(((await read.json()) as { response_url: string }).response_url).toBe(body.response_url);
      const answer = await host.request(body.response_url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type: "response", response: "thanks" }),
      });
      expect(answer.status).toBe(409); // the agent's answer route: a done thread takes no more answers
    });

    it("keeps the agent's own checks (415 for a body that is not JSON)", async () => {
      const res = await host.request("/agent/thread", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "hello" });
      expect(res.status).toBe(415);
    });

    it("leaves the app's other routes alone", async () => {
      expect(await (await host.request("/agentless")).json()).toEqual({ yours: true });
    });
  });
}

/** Requests to a server listening at `base` over real HTTP. */
export function overHttp(base: string): MountedHost["request"] {
  return (path, init) => fetch(`${base}${path}`, init);
}
