import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeReply, FakeServer, RecordedRequest } from "./wire-suite.ts";

// A local stand-in for the OpenAI Responses API (POST {base}/responses), just enough of it
// for tool calls: the real provider package talks to it over HTTP as it would to OpenAI.

export async function startFakeOpenAIResponses(
  replies: FakeReply[],
  { basePath = "/v1" }: { basePath?: string } = {},
): Promise<FakeServer> {
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
    if (req.method !== "POST" || path.split("?")[0] !== `${basePath}/responses`) {
      return send(404, error(`fake server: no route for ${req.method} ${path}`, "not_found"));
    }
    const reply = replies[requests.length - 1];
    if (!reply) {
      return send(400, error(`fake server: no reply scripted for request ${requests.length}`, "invalid_request"));
    }
    if ("status" in reply) {
      // Real servers say when to retry; zero keeps the test fast.
      return send(reply.status, error(`fake server: HTTP ${reply.status}`, "server_error"), { "retry-after": "0" });
    }
    if ("garbage" in reply) return send(200, reply.garbage);
    const n = requests.length;
    send(200, {
      id: `resp_${n}`,
      object: "response",
      created_at: Math.floor(Date.now() / 1000),
      status: "completed",
      model: requests.at(-1)?.body?.model,
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What one request asked of the model, in protocol-neutral terms. */
export interface ModelRequest {
  model: string;
  system: string;
  /** The text of every non-system message, in order. */
  messages: string;
  tools: { name: string; description: string; schema: unknown }[];
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
