import type { ServerResponse } from "node:http";
import { agentFetch, type FetchHandler } from "./agent-fetch.ts";
import { agentHandler, type NodeRequest } from "./node-handler.ts";

// The agent's HTTP API as Koa middleware: `app.use(agentMiddleware("/agent"))`. Requests below
// the prefix go to the agent (Koa's own response handling steps aside for them); every other
// request goes on to your middleware.

/** The part of Koa's context this needs (so it works with Koa 2 and 3, typed or not). */
export interface KoaContext {
  path: string;
  req: NodeRequest;
  res: ServerResponse;
  respond?: boolean;
  request: { body?: unknown };
}

export function agentMiddleware(prefix = "/agent", fetch: FetchHandler = agentFetch()) {
  const base = prefix.replace(/\/+$/, "");
  const handle = agentHandler(fetch, { basePath: base });
  return async (ctx: KoaContext, next: () => Promise<unknown>): Promise<void> => {
    if (ctx.path !== base && !ctx.path.startsWith(`${base}/`)) {
      await next();
      return;
    }
    ctx.respond = false;
    if (ctx.req.body === undefined && ctx.request.body !== undefined) ctx.req.body = ctx.request.body;
    const rest = (ctx.req.url ?? "/").slice(base.length);
    ctx.req.url = rest.startsWith("/") ? rest : `/${rest}`;
    await new Promise<void>((resolve) => {
      ctx.res.once("close", resolve);
      handle(ctx.req, ctx.res);
    });
  };
}
