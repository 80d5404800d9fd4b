import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { jsonError } from "./errors.ts";

interface Entry {
  fingerprint: string;
  storedAt: number;
  /** Undefined while the first request is still running. */
  response?: { status: ContentfulStatusCode; body: string; contentType: string };
}

/**
 * Remembered answers to requests sent with an `Idempotency-Key`, so a client
 * can retry a POST after a timeout without starting a second thread or
 * answering twice.
 *
 * Kept in this process's memory only: the records go when it restarts and
 * are not shared between processes. A retried POST /thread still finds its
 * thread then (its id comes from the key: threadIdForKey); a retried answer
 * gets a 409 saying the thread no longer waits for it, never a second answer. At most `capacity` records are kept, for
 * at most `ttlMs`; the oldest finished ones go first.
 */
export class IdempotencyRecords {
  readonly #entries = new Map<string, Entry>();
  readonly capacity: number;
  readonly ttlMs: number;

  constructor(capacity = 1000, ttlMs = 24 * 60 * 60 * 1000) {
    this.capacity = capacity;
    this.ttlMs = ttlMs;
  }

  get(key: string, now = Date.now()): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.response && now - entry.storedAt > this.ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  begin(key: string, fingerprint: string, now = Date.now()): void {
    // Map iteration follows insertion order, so the first finished entries are the oldest.
    for (const [oldKey, old] of this.#entries) {
      if (this.#entries.size < this.capacity) break;
      if (old.response) this.#entries.delete(oldKey);
    }
    this.#entries.set(key, { fingerprint, storedAt: now });
  }

  finish(key: string, response: NonNullable<Entry["response"]>, now = Date.now()): void {
    const entry = this.#entries.get(key);
    if (entry) Object.assign(entry, { response, storedAt: now });
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}

/**
 * Same key and same request: the first answer again. Same key, different
 * request: 422. Same key while the first is still running: 409. Server errors
 * are not remembered, so a retry after a 500 runs again.
 */
export function idempotency(records: IdempotencyRecords): MiddlewareHandler {
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      return jsonError(c, 400, "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID works well)");
    }
    const fingerprint = createHash("sha256").update(`${c.req.method} ${c.req.path}\n`).update(await c.req.text()).digest("hex");

    const seen = records.get(key);
    if (seen && seen.fingerprint !== fingerprint) {
      return jsonError(c, 422, "this Idempotency-Key was already used for a different request; use a new key");
    }
    if (seen && !seen.response) {
      return jsonError(c, 409, "a request with this Idempotency-Key is still running; retry once it has finished");
    }
    if (seen?.response) {
      const { status, body, contentType } = seen.response;
      return c.body(body, status, { "Content-Type": contentType, "Idempotent-Replayed": "true" });
    }

    records.begin(key, fingerprint);
    try {
      await next();
    } catch (error) {
      records.forget(key);
      throw error;
    }
    if (c.res.status >= 500) {
      records.forget(key);
    } else {
      records.finish(key, {
        status: c.res.status as ContentfulStatusCode,
        body: await c.res.clone().text(),
        contentType: c.res.headers.get("content-type") ?? "application/json",
      });
    }
  };
}

/**
 * The id of the thread a POST /thread with this key starts: a UUID-shaped hash of the
 * key, the same in every process and after every restart.
 */
export function threadIdForKey(key: string): string {
  const h = createHash("sha256").update(`thread\n${key}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
