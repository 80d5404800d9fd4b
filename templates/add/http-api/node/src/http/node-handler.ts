import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { agentFetch, type FetchHandler } from "./agent-fetch.ts";

// The agent's HTTP API as a Node request handler, for Express (`app.use("/agent", agentHandler())`)
// and for the Fastify and Koa adapters beside this file. The handler sees paths below the mount
// point (/thread, /thread/:id, ...), as Express gives them to a mounted handler, and names the
// mount point in the URLs it answers with (Express's req.baseUrl, or `basePath` when given).

/** A request whose body a framework may have read and parsed already (express.json(), koa-bodyparser). */
export type NodeRequest = IncomingMessage & { body?: unknown; rawBody?: Buffer; baseUrl?: string };

export interface AgentHandlerOptions {
  /** The path the handler is mounted at, when the server does not say (Express sets req.baseUrl). */
  basePath?: string;
}

export function agentHandler(fetch: FetchHandler = agentFetch(), options: AgentHandlerOptions = {}): (req: NodeRequest, res: ServerResponse) => void {
  const listener = getRequestListener((request, env) => {
    const basePath = options.basePath ?? (env.incoming as NodeRequest).baseUrl;
    return fetch(request, basePath === undefined ? undefined : { basePath });
  });
  return (req, res) => {
    // A body parser mounted before us has consumed the stream: hand its result on as the body.
    if (req.readableEnded && req.rawBody === undefined && req.body !== undefined) {
      req.rawBody = Buffer.from(typeof req.body === "string" ? req.body : JSON.stringify(req.body));
    }
    void listener(req, res);
  };
}
