import { createHmac } from "node:crypto";
import type { Waiting } from "../agent/reducer.ts";
import { statusOf, type Thread } from "../agent/thread.ts";
import type { HumanChannel } from "./channel.ts";

// Tells another system (Slack, email, a ticket queue) that a thread waits for a
// human, by POSTing JSON to a webhook. The answer comes back later through
// POST /thread/:id/response, so nothing here waits for it.

export interface WebhookNotification {
  thread_id: string;
  status: string;
  /** The pending request: an approval (tool, input) or a question (question, context, choices). */
  request: { type: Waiting["type"] } & Waiting["data"];
  /** Where to POST the answer: {type:"approval", approved, comment?} or {type:"response", response}. */
  response_url: string;
}

export interface WebhookChannelOptions {
  url: string;
  /** Makes response_url absolute, e.g. https://agent.example.com; a path when unset. */
  publicUrl?: string;
  /** When set, the body is signed: `x-agent-signature: sha256=<hex HMAC of the body>`. */
  secret?: string;
  timeoutMs?: number;
}

export class WebhookChannel implements HumanChannel {
  readonly #options: WebhookChannelOptions;

  constructor(options: WebhookChannelOptions) {
    this.#options = options;
  }

  async notify(thread: Thread, request: Waiting): Promise<undefined> {
    const { url, secret, timeoutMs = 10_000 } = this.#options;
    const body = JSON.stringify(this.notification(thread, request));
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (secret) headers["x-agent-signature"] = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

    let response: Response;
    try {
      response = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new Error(`could not reach the human webhook ${url} (${cause}); check HUMAN_WEBHOOK_URL`);
    }
    await response.body?.cancel();
    if (!response.ok) {
      throw new Error(`the human webhook ${url} answered ${response.status}; check HUMAN_WEBHOOK_URL and the receiver`);
    }
    return undefined;
  }

  notification(thread: Thread, request: Waiting): WebhookNotification {
    const base = this.#options.publicUrl?.replace(/\/+$/, "") ?? "";
    return {
      thread_id: thread.id,
      status: statusOf(thread.events),
      request: { type: request.type, ...request.data },
      response_url: `${base}/thread/${encodeURIComponent(thread.id)}/response`,
    };
  }
}

/** The webhook channel configured by HUMAN_WEBHOOK_URL, or undefined when it is not set. */
export function webhookChannelFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookChannel | undefined {
  if (!env.HUMAN_WEBHOOK_URL) return undefined;
  if (!URL.canParse(env.HUMAN_WEBHOOK_URL)) {
    throw new Error(`HUMAN_WEBHOOK_URL=${env.HUMAN_WEBHOOK_URL} is not a URL; set it to e.g. https://hooks.example.com/agent`);
  }
  return new WebhookChannel({
    url: env.HUMAN_WEBHOOK_URL,
    publicUrl: env.AGENT_PUBLIC_URL || undefined,
    secret: env.HUMAN_WEBHOOK_SECRET || undefined,
  });
}
