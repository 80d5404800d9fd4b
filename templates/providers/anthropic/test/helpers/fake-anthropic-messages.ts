import { startRecordingServer } from "./fake-server.ts";
import type { FakeReply, FakeServer, ModelRequest, RecordedRequest } from "./wire-suite.ts";

// A local stand-in for the Anthropic Messages API (POST {base}/messages), just enough of it
// for tool calls: the real provider package talks to it over HTTP as it would to Anthropic.

export async function startFakeAnthropicMessages(replies: FakeReply[]): Promise<FakeServer> {
  return startRecordingServer(replies, "/v1", ({ request, reply, n, send }) => {
    const { method, path } = request;
    if (method !== "POST" || path !== "/v1/messages") {
      return send(404, error(`fake server: no route for ${method} ${path}`, "not_found_error"));
    }
    if (!reply) {
      return send(400, error(`fake server: no reply scripted for request ${n}`, "invalid_request_error"));
    }
    if ("status" in reply) {
      const type = reply.status === 429 ? "rate_limit_error" : reply.status === 529 ? "overloaded_error" : "api_error";
      // Real servers say when to retry; zero keeps the test fast.
      return send(reply.status, error(`fake server: HTTP ${reply.status}`, type), { "retry-after": "0" });
    }
    if ("garbage" in reply) return send(200, reply.garbage);
    send(200, {
      id: `msg_${n}`,
      type: "message",
      role: "assistant",
      model: request.body?.model,
      content: [{ type: "tool_use", id: `toolu_${n}`, name: reply.tool, input: reply.input }],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 20 },
    });
  });
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
