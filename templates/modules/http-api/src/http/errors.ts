import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HTTPException } from "hono/http-exception";
import { UnreadableThreadError, VersionConflictError } from "../store/types.ts";

/** Every error leaves the API as `{ error, ...details }`, never as HTML or a stack trace. */
export function jsonError(c: Context, status: ContentfulStatusCode, error: string, details: object = {}): Response {
  return c.json({ ...details, error }, status);
}

/** Last stop for anything a route threw: expected errors get their status, the rest a logged 500. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof VersionConflictError) {
    return jsonError(c, 409, "the thread was changed by another request; GET it and try again", {
      thread_id: err.threadId,
    });
  }
  if (err instanceof HTTPException && err.status < 500) {
    return jsonError(c, err.status, err.message || "bad request");
  }
  // The client hung up before its body arrived: nothing failed here, and no one reads this answer.
  if ((err as NodeJS.ErrnoException).code === "ECONNRESET") {
    return jsonError(c, 400, "the connection closed before the request body ended");
  }
  console.error(`${c.req.method} ${c.req.path} failed:`, err);
  if (err instanceof UnreadableThreadError) {
    return jsonError(c, 500, "the stored thread cannot be read; the server log says why and how to fix it");
  }
  return jsonError(c, 500, "internal error; the server log has the details");
}
