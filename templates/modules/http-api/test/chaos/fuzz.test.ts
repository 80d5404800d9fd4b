import { request as httpRequest } from "node:http";
import type { Hono } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import { startServer } from "../../src/http/start-server.ts";
import { MemoryThreadStore } from "../../src/store/memory-store.ts";
import type { Thread } from "../../src/agent/thread.ts";
import { planMessage, planModel } from "../helpers/plan-model.ts";
import { random, scale, seedNote, TIMEOUT_MS, type Random } from "../chaos/helpers/chaos.ts";
import { generateRequest, type FuzzRequest, type Targets } from "./helpers/requests.ts";

// Thousands of generated requests, most of them wrong: random bytes, wrong types,
// huge strings, deep nesting, prototype keys, wrong methods and paths. The API
// must answer every one with a 4xx (or a 2xx where the request was right), never a
// 5xx or a crash; it must not pollute Object.prototype, grow without bound, or
// change a thread that no valid request addressed.

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

interface Setup {
  app: Hono;
  store: MemoryThreadStore;
  targets: Targets;
  /** The protected threads as they were before the fuzz. */
  snapshot: Thread[];
}

async function setup(): Promise<Setup> {
  const store = new MemoryThreadStore();
  const model = planModel();
  // The mock model keeps every call it gets; dropped here, so the heap shows the server's own growth.
  const onEvent = () => void (model.doGenerateCalls.length = 0);
  const app = createApp({ model, store, maxRetries: 0, onEvent });
  const start = async (message: string) => {
    const res = await app.request("/thread", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message }) });
    return ((await res.json()) as { thread_id: string }).thread_id;
  };
  // One finished thread, one waiting for approval.
  const protectedIds = [await start("hello"), await start(planMessage("protected", [{ tool: "divide", input: { a: 1, b: 2 } }]))];
  const snapshot = await Promise.all(protectedIds.map(async (id) => (await store.get(id)) as Thread));
  return { app, store, targets: { protectedIds, ownIds: [] }, snapshot };
}

type Send = (request: FuzzRequest) => Promise<Response>;

/** Sends `count` generated requests, `batch` at a time, and collects what went wrong. */
async function fuzz(send: Send, rnd: Random, targets: Targets, count: number, batch: number) {
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  for (let sent = 0; sent < count; sent += batch) {
    const requests = Array.from({ length: Math.min(batch, count - sent) }, () => generateRequest(rnd, targets));
    await Promise.all(
      requests.map(async (request) => {
        let res: Response;
        try {
          res = await send(request);
        } catch (error) {
          problems.push(`${request.kind}: threw ${(error as Error).message}`);
          return;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = await res.text();
        if (res.status >= 500) problems.push(`${request.kind}: ${res.status} ${text.slice(0, 200)}`);
        else if (request.expect && !request.expect.includes(res.status)) {
          problems.push(`${request.kind}: ${res.status}, expected one of ${request.expect.join(", ")}: ${text.slice(0, 200)}`);
        }
        if (request.method !== "HEAD" && !isJson(text, res.status >= 400)) {
          problems.push(`${request.kind}: ${res.status} with a body that is not the JSON expected: ${text.slice(0, 100)}`);
        }
        // Threads the fuzz started are fair game for its valid answers.
        const started = res.status === 201 && request.path === "/thread" ? (JSON.parse(text) as { thread_id?: string }).thread_id : undefined;
        if (started && !targets.ownIds.includes(started)) targets.ownIds.push(started);
      }),
    );
  }
  return { problems, statuses };
}

function isJson(text: string, isError: boolean): boolean {
  try {
    const body = JSON.parse(text) as { error?: unknown } | null;
    return !isError || typeof body?.error === "string";
  } catch {
    return false;
  }
}

function toRequest(base: string, r: FuzzRequest): [string, RequestInit] {
  return [`${base}${r.path}`, { method: r.method, headers: r.headers, ...(r.body === undefined ? {} : { body: r.body as RequestInit["body"] }) }];
}

/** Everything the fuzz must leave as it found it. */
async function expectUnharmed(s: Setup, send: Send) {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  for (const before of s.snapshot) expect(await s.store.get(before.id)).toEqual(before);
  const health = await send({ kind: "health", method: "GET", path: "/healthz", headers: {} });
  expect(health.status).toBe(200);
}

describe("fuzzing the HTTP API", () => {
  const figures: string[] = [];
  afterAll(() => console.log(`fuzz: ${figures.join("; ")}`));

  it("answers every generated request without a 5xx or a crash (app.request)", { timeout: TIMEOUT_MS }, async () => {
    const s = await setup();
    const rnd = random();
    const send: Send = (r) => Promise.resolve(s.app.request(...toRequest("http://localhost", r)));
    const count = scale(10_000, 100_000);
    const heapBefore = process.memoryUsage().heapUsed;
    const { problems, statuses } = await fuzz(send, rnd, s.targets, count, 20);
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

    expect(problems.slice(0, 20), seedNote("fuzz")).toEqual([]);
    await expectUnharmed(s, send);
    // Bounded: what the fuzz stored (its own threads) and garbage not yet collected, nothing per request.
    expect(grownMb).toBeLessThan(256);
    figures.push(`${count} requests in process, 0 5xx, statuses ${JSON.stringify(Object.fromEntries(statuses))}, heap +${grownMb.toFixed(0)} MB`);
  });

  it("answers generated requests over a real socket, and survives malformed HTTP", { timeout: TIMEOUT_MS }, async () => {
    const s = await setup();
    const rnd = random();
    const server = await startServer(s.app, { host: "127.0.0.1", port: 0 });
    try {
      const send: Send = (r) => overSocket(server.url, r);
      const count = scale(300, 5_000);
      const { problems } = await fuzz(send, rnd, s.targets, count, 10);
      const raw = await rawGarbage(server.url, rnd, scale(30, 1_000));
      expect([...problems, ...raw].slice(0, 20), seedNote("fuzz over a socket")).toEqual([]);
      await expectUnharmed(s, send);
      figures.push(`${count} requests and ${scale(30, 1_000)} malformed HTTP messages over a socket, 0 5xx`);
    } finally {
      await server.close(1_000);
    }
  });
});

/**
 * One request on a connection of its own (no keep-alive, so one refused request cannot
 * disturb the next). A body over the limit may be cut off by the server before it is
 * all sent: that counts as the 413 it is.
 */
function overSocket(base: string, r: FuzzRequest): Promise<Response> {
  const { hostname, port } = new URL(base);
  const oversized = (r.body?.length ?? 0) > 1024 * 1024;
  return new Promise((resolve, reject) => {
    // Node sends a DELETE or OPTIONS body with no length unless told: say it, as fetch would.
    const headers = r.body === undefined ? r.headers : { ...r.headers, "content-length": String(Buffer.byteLength(r.body)) };
    const req = httpRequest({ host: hostname, port, method: r.method, path: r.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve(new Response(body.length > 0 ? body : null, { status: res.statusCode ?? 0 }));
      });
    });
    req.on("error", (error) => (oversized ? resolve(Response.json({ error: "cut off" }, { status: 413 })) : reject(error)));
    req.end(r.body);
  });
}

/** Bytes that are not (quite) HTTP, straight onto a socket: node answers 4xx or hangs up, and the server lives on. */
async function rawGarbage(url: string, rnd: Random, count: number): Promise<string[]> {
  const { connect } = await import("node:net");
  const { port } = new URL(url);
  const messages = [
    () => Buffer.from(Array.from({ length: rnd.int(1, 2000) }, () => (rnd() * 256) | 0)),
    () => "GET / HTTP/9.9\r\n\r\n",
    () => "POST /thread HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
    () => "POST /thread HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}",
    () => `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(100_000)}\r\n\r\n`,
    () => "POST /thread HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"mess",
    () => "\r\n\r\n\r\n",
    () => "GET /thread/%ZZ%00 HTTP/1.1\r\nHost: x\r\n\r\n",
  ];
  const problems: string[] = [];
  for (let i = 0; i < count; i++) {
    const message = rnd.pick(messages)();
    const reply = await new Promise<string>((resolve) => {
      let data = "";
      const socket = connect(Number(port), "127.0.0.1", () => socket.end(message));
      socket.setTimeout(2_000, () => socket.destroy());
      socket.on("data", (d) => (data += d));
      socket.on("error", () => {});
      socket.on("close", () => resolve(data));
    });
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);
    if (status >= 500) problems.push(`raw message ${JSON.stringify(String(message).slice(0, 60))}: ${status}`);
  }
  return problems;
}
