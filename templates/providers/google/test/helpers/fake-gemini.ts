import { startRecordingServer } from "./fake-server.ts";
import type { FakeReply, FakeServer, ModelRequest, RecordedRequest } from "./wire-suite.ts";

// A local stand-in for the Gemini API (POST {base}/models/{model}:generateContent), just enough
// of it for tool calls: the real provider package talks to it over HTTP as it would to Google.

const ROUTE = /^\/v1beta\/models\/([^/:]+):generateContent$/;

export async function startFakeGemini(replies: FakeReply[]): Promise<FakeServer> {
  return startRecordingServer(replies, "/v1beta", ({ request, reply, n, send }) => {
    const { method, path } = request;
    const route = ROUTE.exec(path);
    if (method !== "POST" || !route) {
      return send(404, error(404, `fake server: no route for ${method} ${path}`, "NOT_FOUND"));
    }
    if (!reply) {
      return send(400, error(400, `fake server: no reply scripted for request ${n}`, "INVALID_ARGUMENT"));
    }
    if ("status" in reply) {
      const status = reply.status === 429 ? "RESOURCE_EXHAUSTED" : reply.status === 503 ? "UNAVAILABLE" : "INTERNAL";
      // Real servers say when to retry; zero keeps the test fast.
      const body = error(reply.status, `fake server: HTTP ${reply.status}`, status);
      return send(reply.status, body, { "retry-after": "0" });
    }
    if ("garbage" in reply) return send(200, reply.garbage);
    send(200, {
      candidates: [
        {
          content: { role: "model", parts: [{ functionCall: { name: reply.tool, args: reply.input } }] },
          finishReason: "STOP",
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 20, totalTokenCount: 120 },
      modelVersion: route[1],
    });
  });
}

export function readRequest(request: RecordedRequest): ModelRequest {
  const body = request.body;
  const declarations: any[] = (body.tools ?? []).flatMap((t: any) => t.functionDeclarations ?? []);
  return {
    model: ROUTE.exec(request.path)?.[1] ?? "",
    system: textOf(body.systemInstruction?.parts),
    messages: (body.contents ?? []).map((c: any) => textOf(c.parts)).join("\n"),
    tools: declarations.map((d) => ({
      name: d.name,
      description: d.description,
      schema: d.parametersJsonSchema ?? d.parameters,
    })),
  };
}

function textOf(parts: unknown): string {
  if (!Array.isArray(parts)) return "";
  return parts
    .map((part) => part.text ?? (part.functionResponse ? JSON.stringify(part.functionResponse.response) : ""))
    .join("\n");
}

function error(code: number, message: string, status: string) {
  return { error: { code, message, status } };
}
