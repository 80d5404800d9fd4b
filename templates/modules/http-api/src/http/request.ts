import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { jsonError } from "./errors.ts";

export const MAX_BODY_BYTES = 1024 * 1024;

/** POST bodies must be JSON. */
export const requireJson: MiddlewareHandler = async (c, next) => {
  const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    return jsonError(c, 415, "send the body as JSON with `Content-Type: application/json`");
  }
  return next();
};

/** At most 1 MiB, checked before anything reads the body (by Content-Length, or by counting a stream). */
export const limitBody: MiddlewareHandler = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => {
    // The rest of the body is never read: close the connection rather than
    // leave it half-read (it would otherwise hold up a graceful shutdown).
    c.header("Connection", "close");
    return jsonError(c, 413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
  },
});

/**
 * The body parsed and validated with `schema`, or the 400 response to send.
 * JSON.parse keeps a `__proto__` key as a plain own property, and strict
 * schemas reject it with every other unknown key, so nothing reaches a prototype.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S> | Response> {
  let data: unknown;
  try {
    data = JSON.parse(await c.req.text());
  } catch (error) {
    return jsonError(c, 400, `the body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    return jsonError(c, 400, `the body does not match the expected shape: ${z.prettifyError(parsed.error)}`, {
      issues: parsed.error.issues,
    });
  }
  return parsed.data;
}
