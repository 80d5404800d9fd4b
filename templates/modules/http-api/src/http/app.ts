import { Hono } from "hono";
import type { AgentDeps } from "../agent/loop.ts";
import type { AdvanceQueue } from "../store/index.ts";
import { requireToken } from "./auth.ts";
import { handleError, jsonError } from "./errors.ts";
import { idempotency, IdempotencyRecords } from "./idempotency.ts";
import { limitBody, requireJson } from "./request.ts";
import { answerThread, getThread, startThread } from "./thread-routes.ts";

export interface AppDeps extends AgentDeps {
  /** When set, every route but /healthz needs `Authorization: Bearer <token>`. */
  token?: string;
  /** Where Idempotency-Key answers are remembered (one process's memory by default). */
  idempotencyRecords?: IdempotencyRecords;
  /** Workers' job queue (postgres-store): a request with `Prefer: respond-async` is answered 202 and queued. */
  queue?: AdvanceQueue;
  /** "queue" (AGENT_EXECUTION=queue): every start and answer is queued, with or without the header. */
  execution?: "sync" | "queue";
  /** The path a bigger server mounts the app at (e.g. "/agent"), so Location and response_url name it. */
  basePath?: string;
}

/**
 * The agent's HTTP API (factors 6 and 11), compatible with the 12-factor workshop:
 *   POST /thread                {message}                      start a thread
 *   GET  /thread/:id                                           read it
 *   POST /thread/:id/response   {type:"response", response}    answer a question
 *                               {type:"approval", approved, comment?}
 *   GET  /healthz
 * With a queue, `Prefer: respond-async` on a POST answers 202 {thread_id, status, response_url}
 * at once and a worker runs the agent; poll GET /thread/:id for the outcome.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const records = deps.idempotencyRecords ?? new IdempotencyRecords();
  const routes = [
    { method: "GET", path: "/healthz" },
    { method: "POST", path: "/thread" },
    { method: "GET", path: "/thread/:id" },
    { method: "POST", path: "/thread/:id/response" },
  ] as const;

  app.onError(handleError);
  app.notFound((c) => jsonError(c, 404, `no route ${c.req.method} ${c.req.path}`));
  if (deps.token) app.use(requireToken(deps.token));

  app.get("/healthz", (c) => c.json({ ok: true }));
  app.post("/thread", requireJson, limitBody, idempotency(records), (c) => startThread(c, deps));
  app.get("/thread/:id", (c) => getThread(c, deps));
  app.post("/thread/:id/response", requireJson, limitBody, idempotency(records), (c) => answerThread(c, deps));

  // A known path with the wrong method: say which method it takes.
  for (const { method, path } of routes) {
    app.all(path, (c) => {
      c.header("Allow", method);
      return jsonError(c, 405, `${c.req.method} is not allowed on ${path}; use ${method}`);
    });
  }
  return app;
}
