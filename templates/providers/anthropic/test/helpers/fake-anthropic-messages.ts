import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeReply, FakeServer, RecordedRequest } from "./wire-suite.ts";

// A local stand-in for the Anthropic Messages API (POST {base}/messages), just enough of it
// for tool calls: the real provider package talks to it over HTTP as it would to Anthropic.

export async function startFakeAnthropicMessages(replies: FakeReply[]): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const path = req.url ?? "";
    requests.push({ method: req.method ?? "", path, headers: req.headers, body: parseJson(text) });

    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (req.method !== "POST" || path !== "/v1/messages") {
      return send(404, error(`fake server: no route for ${req.method} ${path}`, "not_found_error"));
    }
    const reply = replies[requests.length - 1];
    if (!reply) {
      return send(400, error(`fake server: no reply scripted for request ${requests.length}`, "invalid_request_error"));
    }
    if ("status" in reply) {
      const type = reply.status === 429 ? "rate_limit_error" : reply.status === 529 ? "overloaded_error" : "api_error";
      // Real servers say when to retry; zero keeps the test fast.
      return send(reply.status, error(`fake server: HTTP ${reply.status}`, type), { "retry-after": "0" });
    }
    if ("garbage" in reply) return send(200, reply.garbage);
    const n = requests.length;
    send(200, {
      id: `msg_${n}`,
      type: "message",
      role: "assistant",
      model: requests.at(-1)?.body?.model,
      content: [{ type: "tool_use", id: `toolu_${n}`, name: reply.tool, input: reply.input }],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 20 },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What one request asked of the model, in protocol-neutral terms. */
export interface ModelRequest {
  model: string;
  system: string;
  /** The text of every message, in order. */
  messages: string;
  tools: { name: string; description: string; schema: unknown }[];
}

export function readRequest(request: RecordedRequest): ModelRequest {
  const body = request.body;
  return {
    model: body.model,
    system: textOf(body.system),
    messages: (body.messages ?? []).map((m: any) => textOf(m.content)).join("\n"),
    tools: (body.tools ?? []).map((t: any) => ({ name: t.name, description: t.description, schema: t.input_schema })),
  };
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((block) => block.text ?? textOf(block.content)).join("\n");
  return "";
}

function error(message: string, type: string) {
  return { type: "error", error: { type, message } };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
