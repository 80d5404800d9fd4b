import { startRecordingServer } from "./fake-server.ts";
import type { FakeReply, FakeServer, ModelRequest, RecordedRequest } from "./wire-suite.ts";

// A local stand-in for the Amazon Bedrock Converse API (POST {base}/model/{modelId}/converse),
// just enough of it for tool calls: the real provider package signs its requests and talks to
// it over HTTP as it would to bedrock-runtime.<region>.amazonaws.com.

const ROUTE = /^\/model\/([^/]+)\/converse$/;
// Bedrock accepts a SigV4 signature for the "bedrock" service, or an API key as a bearer token.
const SIGNED =
  /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/bedrock\/aws4_request, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/;

export async function startFakeBedrockConverse(replies: FakeReply[]): Promise<FakeServer> {
  return startRecordingServer(replies, "", ({ request, reply, n, send }) => {
    const { method, path } = request;
    // Bedrock names its errors in a header; real servers say when to retry, zero keeps the test fast.
    const fail = (status: number, message: string, errorType: string) =>
      send(status, { message }, { "x-amzn-errortype": errorType, "retry-after": "0" });
    if (method !== "POST" || !ROUTE.test(path)) {
      return fail(404, `fake server: no route for ${method} ${path}`, "UnknownOperationException");
    }
    const auth = request.headers.authorization ?? "";
    if (!SIGNED.test(auth) && !auth.startsWith("Bearer ")) {
      return fail(403, "fake server: request is not signed", "AccessDeniedException");
    }
    if (!reply) return fail(400, `fake server: no reply scripted for request ${n}`, "ValidationException");
    if ("status" in reply) {
      const type = reply.status === 429 ? "ThrottlingException" : "InternalServerException";
      return fail(reply.status, `fake server: HTTP ${reply.status}`, type);
    }
    if ("garbage" in reply) return send(200, reply.garbage);
    send(200, {
      output: {
        message: {
          role: "assistant",
          content: [{ toolUse: { toolUseId: `tooluse_${n}`, name: reply.tool, input: reply.input } }],
        },
      },
      stopReason: "tool_use",
      usage: { inputTokens: 100, outputTokens: 20, totalTokens: 120 },
      metrics: { latencyMs: 5 },
    });
  });
}

export function readRequest(request: RecordedRequest): ModelRequest {
  const body = request.body;
  const specs: any[] = (body.toolConfig?.tools ?? []).map((t: any) => t.toolSpec);
  return {
    // Bedrock names the model in the URL, not the body.
    model: decodeURIComponent(ROUTE.exec(request.path)?.[1] ?? ""),
    system: textOf(body.system),
    messages: (body.messages ?? []).map((m: any) => textOf(m.content)).join("\n"),
    tools: specs.map((s) => ({ name: s.name, description: s.description, schema: s.inputSchema?.json })),
  };
}

function textOf(blocks: unknown): string {
  if (!Array.isArray(blocks)) return "";
  return blocks.map((block) => block.text ?? textOf(block.toolResult?.content)).join("\n");
}
