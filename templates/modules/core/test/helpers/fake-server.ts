import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeReply, FakeServer, RecordedRequest } from "./wire-suite.ts";

// What every provider's fake (test/helpers/fake-*.ts) shares: record each request, hand it
// with the reply scripted for it to the protocol's own `answer`, listen on a free local port.
// The fake itself only speaks its protocol.

export type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;

export interface FakeExchange {
  request: RecordedRequest;
  /** The reply scripted for this request; undefined once the script has run out. */
  reply: FakeReply | undefined;
  /** Which request this is: 1 for the first. */
  n: number;
  /** Answers with JSON (a string body is sent as it is, for garbage replies). */
  send: Send;
}

/** Starts the fake; its `url` is the local address followed by `basePath`. */
export async function startRecordingServer(
  replies: FakeReply[],
  basePath: string,
  answer: (exchange: FakeExchange) => void,
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const request: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: parseJson(text) };
    requests.push(request);
    const send: Send = (status, body, headers = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    answer({ request, reply: replies[requests.length - 1], n: requests.length, send });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
