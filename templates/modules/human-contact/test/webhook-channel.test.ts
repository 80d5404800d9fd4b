import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { advance } from "../src/agent/loop.ts";
import { waitingFor } from "../src/agent/reducer.ts";
import { newThread } from "../src/agent/thread.ts";
import { notifyOnPause } from "../src/human/channel.ts";
import { WebhookChannel, webhookChannelFromEnv } from "../src/human/webhook-channel.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { scriptedModel } from "./helpers/scripted-model.ts";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A local webhook receiver answering `status`; `next()` resolves with the next request it gets. */
async function receiver(status = 204) {
  const received: Received[] = [];
  const waiting: ((r: Received) => void)[] = [];
  server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const request = { headers: req.headers, body };
    received.push(request);
    waiting.shift()?.(request);
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/agent`;
  const next = () => new Promise<Received>((resolve) => waiting.push(resolve));
  return { url, received, next };
}

async function pausedForApproval() {
  const store = new MemoryThreadStore();
  const model = scriptedModel([{ tool: "divide", input: { a: 10, b: 2 } }]);
  return { store, model, thread: await store.create(newThread("divide 10 by 2")) };
}

describe("the webhook channel", () => {
  it("posts a signed notification when a thread pauses", async () => {
    const hook = await receiver();
    const channel = new WebhookChannel({ url: hook.url, publicUrl: "https://agent.example.com/", secret: "s3cret" });
    const { store, model, thread } = await pausedForApproval();
    const delivered = hook.next();

    const paused = await advance(thread, { model, store, maxRetries: 0, onEvent: notifyOnPause(channel) });
    const { headers, body } = await delivered;

    expect(JSON.parse(body)).toEqual({
      thread_id: paused.id,
      status: "awaiting_approval",
      request: { type: "approval_request", call_id: "call_1", tool: "divide", input: { a: 10, b: 2 } },
      response_url: `https://agent.example.com/thread/${paused.id}/response`,
    });
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["x-agent-signature"]).toBe(`sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`);
    expect(hook.received).toHaveLength(1);
  });

  it("sends a question with its choices, and a relative response_url without AGENT_PUBLIC_URL", () => {
    const channel = new WebhookChannel({ url: "http://127.0.0.1:1/unused" });
    const thread = newThread("multiply two numbers", new Date(), "t-1");
    thread.events.push({
      type: "human_request",
      at: thread.created_at,
      data: { call_id: "c1", question: "Which numbers?", choices: ["3 and 4"] },
    });
    const request = waitingFor(thread);
    if (!request) throw new Error("thread should be waiting");
    expect(channel.notification(thread, request)).toEqual({
      thread_id: "t-1",
      status: "awaiting_human",
      request: { type: "human_request", call_id: "c1", question: "Which numbers?", choices: ["3 and 4"] },
      response_url: "/thread/t-1/response",
    });
  });

  it("reports a receiver that refuses, without breaking the thread", async () => {
    const hook = await receiver(500);
    const channel = new WebhookChannel({ url: hook.url });
    const { store, model, thread } = await pausedForApproval();
    const failures: string[] = [];
    let reported!: () => void;
    const failureReported = new Promise<void>((resolve) => (reported = resolve));
    const onEvent = notifyOnPause(channel, (error) => {
      failures.push((error as Error).message);
      reported();
    });

    const paused = await advance(thread, { model, store, maxRetries: 0, onEvent });
    await failureReported;

    expect(failures).toEqual([`the human webhook ${hook.url} answered 500; check HUMAN_WEBHOOK_URL and the receiver`]);
    expect(paused.events.at(-1)?.type).toBe("approval_request");
    expect(await store.get(thread.id)).toEqual(paused);
  });

  it("says which URL could not be reached", async () => {
    const hook = await receiver();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const channel = new WebhookChannel({ url: hook.url, timeoutMs: 2_000 });
    const { thread } = await pausedForApproval();
    const request = { type: "human_request" as const, at: thread.created_at, data: { call_id: "c1", question: "?" } };
    await expect(channel.notify(thread, request)).rejects.toThrow(`could not reach the human webhook ${hook.url}`);
  });

  it("is configured from HUMAN_WEBHOOK_URL, and only when it is set", () => {
    expect(webhookChannelFromEnv({})).toBeUndefined();
    expect(webhookChannelFromEnv({ HUMAN_WEBHOOK_URL: "https://hooks.example.com/agent" })).toBeInstanceOf(WebhookChannel);
    expect(() => webhookChannelFromEnv({ HUMAN_WEBHOOK_URL: "hooks.example.com" })).toThrow(
      "HUMAN_WEBHOOK_URL=hooks.example.com is not a URL",
    );
  });
});
