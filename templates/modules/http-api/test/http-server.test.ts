import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { newThread } from "../src/agent/thread.ts";
import { startServer, type RunningServer } from "../src/http/start-server.ts";
import { missingCredentials } from "../src/llm/provider.ts";
import { FileThreadStore } from "../src/store/file-store.ts";
import { tools } from "../src/tools/index.ts";
import { defineTool } from "../src/tools/types.ts";
import { gate, testApp } from "./helpers/http.ts";

// The API over a real socket: node's HTTP server, real fetch, a graceful stop.

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close().catch(() => {})));
});

async function serve(app: Parameters<typeof startServer>[0]) {
  const server = await startServer(app, { host: "127.0.0.1", port: 0 });
  running.push(server);
  return server;
}

describe("the node server", () => {
  it("serves the approve flow over HTTP", async () => {
    const { app } = testApp([
      { tool: "divide", input: { a: 3, b: 4 } },
      { tool: "done_for_now", input: { message: "3 / 4 = 0.75" } },
    ]);
    const { url } = await serve(app);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const started = await post("/thread", { message: "what is 3 / 4?" });
    expect(started.status).toBe(201);
    const thread = (await started.json()) as { thread_id: string; status: string; response_url: string };
    expect(thread.status).toBe("awaiting_approval");

    const answered = await post(thread.response_url, { type: "approval", approved: true });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ status: "done" });
    const read = await fetch(`${url}/thread/${thread.thread_id}`);
    expect(await read.json()).toMatchObject({ thread_id: thread.thread_id, status: "done" });
  });

  it("refuses an oversized body by its Content-Length, and a streamed one by counting", async () => {
    const { app, store } = testApp([]);
    const server = await serve(app);
    const { url } = server;
    const big = JSON.stringify({ message: "x".repeat(2 * 1024 * 1024) });
    const declared = await fetch(`${url}/thread`, { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(declared.status).toBe(413);

    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 3; i++) controller.enqueue(new Uint8Array(512 * 1024).fill(0x20));
        controller.close();
      },
    });
    const streamed = await fetch(`${url}/thread`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(streamed.headers.get("connection")).toBe("close");
    expect(await store.list()).toEqual([]);

    // The unread rest of those bodies must not hold the shutdown up.
    const stopping = Date.now();
    await server.close(60_000);
    expect(Date.now() - stopping).toBeLessThan(2000);
  });

  it("does not log a client that hangs up mid-body as a server failure", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { app, store } = testApp([]);
      const { url } = await serve(app);
      await new Promise<void>((resolve) => {
        const socket = connect(Number(new URL(url).port), "127.0.0.1", () => {
          socket.write('POST /thread HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n{"mess\r\n');
          setTimeout(() => socket.destroy(), 50);
        });
        socket.on("close", () => resolve());
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(logged).not.toHaveBeenCalled();
      expect(await store.list()).toEqual([]);
    } finally {
      logged.mockRestore();
    }
  });

  it("on close, finishes the request in flight, then refuses new connections", async () => {
    const held = gate();
    const started = gate();
    const slow = defineTool({
      name: "slow_lookup",
      description: "Looks something up slowly.",
      kind: "action",
      inputSchema: z.object({ q: z.string() }),
      execute: async () => {
        started.open();
        await held.opened;
        return "found";
      },
    });
    const { app } = testApp(
      [{ tool: "slow_lookup", input: { q: "x" } }, { tool: "done_for_now", input: { message: "found it" } }],
      { tools: [...tools, slow] },
    );
    const server = await serve(app);
    const inFlight = fetch(`${server.url}/thread`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "look up x" }),
    });
    await started.opened;

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);

    held.open();
    const res = await inFlight;
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: "done" });
    await closing;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});

describe("npm start (src/server.ts)", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  /**
   * A fresh shell's environment, with placeholder provider settings (an unused
   * local address) so any provider can build its model. No call is made.
   */
  async function cleanEnv(extra: Record<string, string>) {
    const dir = await mkdtemp(path.join(tmpdir(), "server-"));
    dirs.push(dir);
    const placeholders = Object.fromEntries(missingCredentials({}).map((name) => [name, "http://127.0.0.1:9/v1"]));
    // DATABASE_URL passes through for projects whose store is PostgreSQL.
    const database: Record<string, string> = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {};
    return { PATH: process.env.PATH ?? "", HOME: dir, AGENT_DATA_DIR: path.join(dir, "data"), ...database, ...placeholders, ...extra };
  }

  function run(env: Record<string, string>) {
    const child = spawn(process.execPath, ["src/server.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, exited, out: () => stdout, err: () => stderr };
  }

  it("refuses to listen beyond loopback without AGENT_API_TOKEN", async () => {
    const server = run(await cleanEnv({ HOST: "0.0.0.0", PORT: "0" }));
    expect(await server.exited).toBe(1);
    expect(server.err()).toContain("HOST=0.0.0.0");
    expect(server.err()).toContain("Set AGENT_API_TOKEN");
  });

  /** Resolves with the first match of `pattern` in the server's output; rejects if it exits first. */
  function waitFor(server: ReturnType<typeof run>, pattern: RegExp): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const found = pattern.exec(server.out());
        if (found) {
          clearInterval(timer);
          resolve(found[1] ?? found[0]);
        }
      }, 20);
      server.exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`server exited with ${code}: ${server.err()}`));
      });
    });
  }

  it("starts on 127.0.0.1 and exits cleanly on SIGTERM", async () => {
    const server = run(await cleanEnv({ PORT: "0" }));
    const url = await waitFor(server, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
    expect((await fetch(`${url}/thread/nope`)).status).toBe(404);

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.out()).toContain("stopped.");
  });

  it("finishes the threads a killed predecessor left running", async () => {
    const env = await cleanEnv({ PORT: "0" });
    const at = new Date().toISOString();
    // As a process killed right after storing the final call leaves it: finishing needs no model.
    const store = new FileThreadStore(env.AGENT_DATA_DIR);
    await store.create({
      ...newThread("say hi", new Date(at), "left-running"),
      events: [
        { type: "user_message", at, data: { message: "say hi" } },
        { type: "tool_call", at, data: { call_id: "c1", tool: "done_for_now", input: { message: "hi" } } },
      ],
    });
    const server = run(env);
    await waitFor(server, /resumed threads left running: left-running: done/);
    expect((await store.get("left-running"))?.events.at(-1)).toMatchObject({ type: "done", data: { message: "hi" } });
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
