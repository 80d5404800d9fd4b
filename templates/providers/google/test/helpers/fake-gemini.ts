import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeReply, FakeServer, RecordedRequest } from "./wire-suite.ts";

// A local stand-in for the Gemini API (POST {base}/models/{model}:generateContent), just enough
// of it for tool calls: the real provider package talks to it over HTTP as it would to Google.

const ROUTE = /^\/v1beta\/models\/([^/:]+):generateContent$/;

export async function startFakeGemini(replies: FakeReply[]): Promise<FakeServer> {
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
    const route = ROUTE.exec(path);
    if (req.method !== "POST" || !route) {
      return send(404, error(404, `fake server: no route for ${req.method} ${path}`, "NOT_FOUND"));
    }
    const reply = replies[requests.length - 1];
    if (!reply) {
      return send(400, error(400, `fake server: no reply scripted for request ${requests.length}`, "INVALID_ARGUMENT"));
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1beta`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What one request asked of the model, in protocol-neutral terms. */
export interface ModelRequest {
  /** Gemini names the model in the URL, not the body. */
  model: string;
  system: string;
  /** The text of every message, in order. */
  messages: string;
  tools: { name: string; description: string; schema: unknown }[];
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
