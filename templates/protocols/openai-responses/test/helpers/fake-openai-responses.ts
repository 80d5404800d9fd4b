import { startRecordingServer } from "./fake-server.ts";
import type { FakeReply, FakeServer, ModelRequest, RecordedRequest } from "./wire-suite.ts";

// A local stand-in for the OpenAI Responses API (POST {base}/responses), just enough of it
// for tool calls: the real provider package talks to it over HTTP as it would to OpenAI.

export async function startFakeOpenAIResponses(
  replies: FakeReply[],
  { basePath = "/v1" }: { basePath?: string } = {},
): Promise<FakeServer> {
  return startRecordingServer(replies, basePath, ({ request, reply, n, send }) => {
    const { method, path } = request;
    if (method !== "POST" || path.split("?")[0] !== `${basePath}/responses`) {
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
      id: `resp_${n}`,
      object: "response",
      created_at: Math.floor(Date.now() / 1000),
      status: "completed",
      model: request.body?.model,
      output: [
        {
          type: "function_call",
          id: `fc_${n}`,
          call_id: `call_${n}`,
          name: reply.tool,
          arguments: JSON.stringify(reply.input),
          status: "completed",
        },
      ],
      usage: { input_tokens: 100, output_tokens: 20, total_tokens: 120 },
    });
  });
}

export function readRequest(request: RecordedRequest): ModelRequest {
  const body = request.body;
  const input: any[] = body.input ?? [];
  const isSystem = (item: any) => item.role === "system" || item.role === "developer";
  return {
    model: body.model,
    system: [body.instructions, ...input.filter(isSystem).map((item) => textOf(item.content))]
      .filter(Boolean)
      .join("\n"),
    messages: input
      .filter((item) => !isSystem(item))
      .map((item) => textOf(item.content ?? item.output ?? item.arguments))
      .join("\n"),
    tools: (body.tools ?? []).map((t: any) => ({ name: t.name, description: t.description, schema: t.parameters })),
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
