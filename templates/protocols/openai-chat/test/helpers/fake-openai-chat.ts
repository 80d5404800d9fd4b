import { startRecordingServer } from "./fake-server.ts";
import type { FakeReply, FakeServer, ModelRequest, RecordedRequest } from "./wire-suite.ts";

// A local stand-in for an OpenAI-compatible Chat Completions API (POST {base}/chat/completions),
// just enough of it for tool calls: the real provider package talks to it over HTTP as it would
// to Ollama, vLLM, LM Studio or any other server that speaks this protocol.

export async function startFakeOpenAIChat(
  replies: FakeReply[],
  { basePath = "/v1" }: { basePath?: string } = {},
): Promise<FakeServer> {
  return startRecordingServer(replies, basePath, ({ request, reply, n, send }) => {
    const { method, path } = request;
    if (method !== "POST" || path.split("?")[0] !== `${basePath}/chat/completions`) {
      return send(404, error(`fake server: no route for ${method} ${path}`, "not_found"));
    }
    if (!reply) {
      return send(400, error(`fake server: no reply scripted for request ${n}`, "invalid_request"));
    }
    if ("status" in reply) {
      // Real servers say when to retry; zero keeps the test fast.
      return send(reply.status, error(`fake server: HTTP ${reply.status}`, "server_error"), { "retry-after": "0" });
    }
    if ("garbage" in reply) return send(200, reply.garbage);
    send(200, {
      id: `chatcmpl-${n}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: request.body?.model,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: `call_${n}`,
                type: "function",
                function: { name: reply.tool, arguments: JSON.stringify(reply.input) },
              },
            ],
          },
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    });
  });
}

export function readRequest(request: RecordedRequest): ModelRequest {
  const body = request.body;
  const messages: any[] = body.messages ?? [];
  return {
    model: body.model,
    system: messages
      .filter((m) => m.role === "system")
      .map((m) => textOf(m.content))
      .join("\n"),
    messages: messages
      .filter((m) => m.role !== "system")
      .map((m) => textOf(m.content))
      .join("\n"),
    tools: (body.tools ?? []).map((t: any) => ({
      name: t.function.name,
      description: t.function.description,
      schema: t.function.parameters,
    })),
  };
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => part.text ?? "").join("\n");
  return "";
}

function error(message: string, type: string) {
  return { error: { message, type, code: type } };
}
