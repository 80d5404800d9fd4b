import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeReply, FakeServer, RecordedRequest } from "./wire-suite.ts";

// A local stand-in for the Amazon Bedrock Converse API (POST {base}/model/{modelId}/converse),
// just enough of it for tool calls: the real provider package signs its requests and talks to
// it over HTTP as it would to bedrock-runtime.<region>.amazonaws.com.

const ROUTE = /^\/model\/([^/]+)\/converse$/;
// Bedrock accepts a SigV4 signature for the "bedrock" service, or an API key as a bearer token.
const SIGNED =
  /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/bedrock\/aws4_request, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/;

export async function startFakeBedrockConverse(replies: FakeReply[]): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const path = req.url ?? "";
    requests.push({ method: req.method ?? "", path, headers: req.headers, body: parseJson(text) });

    const send = (status: number, body: unknown, errorType?: string) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      // Real servers say when to retry; zero keeps the test fast.
      if (errorType) Object.assign(headers, { "x-amzn-errortype": errorType, "retry-after": "0" });
      res.writeHead(status, headers);
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (req.method !== "POST" || !ROUTE.test(path)) {
      return send(404, { message: `fake server: no route for ${req.method} ${path}` }, "UnknownOperationException");
    }
    const auth = req.headers.authorization ?? "";
    if (!SIGNED.test(auth) && !auth.startsWith("Bearer ")) {
      return send(403, { message: "fake server: request is not signed" }, "AccessDeniedException");
    }
    const reply = replies[requests.length - 1];
    if (!reply) {
      const message = `fake server: no reply scripted for request ${requests.length}`;
      return send(400, { message }, "ValidationException");
    }
    if ("status" in reply) {
      const type = reply.status === 429 ? "ThrottlingException" : "InternalServerException";
      return send(reply.status, { message: `fake server: HTTP ${reply.status}` }, type);
    }
    if ("garbage" in reply) return send(200, reply.garbage);
    send(200, {
      output: {
        message: {
          role: "assistant",
          content: [{ toolUse: { toolUseId: `tooluse_${requests.length}`, name: reply.tool, input: reply.input } }],
        },
      },
      stopReason: "tool_use",
      usage: { inputTokens: 100, outputTokens: 20, totalTokens: 120 },
      metrics: { latencyMs: 5 },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What one request asked of the model, in protocol-neutral terms. */
export interface ModelRequest {
  /** Bedrock names the model in the URL, not the body. */
  model: string;
  system: string;
  /** The text of every message, in order. */
  messages: string;
  tools: { name: string; description: string; schema: unknown }[];
}

export function readRequest(request: RecordedRequest): ModelRequest {
  const body = request.body;
  const specs: any[] = (body.toolConfig?.tools ?? []).map((t: any) => t.toolSpec);
  return {
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
