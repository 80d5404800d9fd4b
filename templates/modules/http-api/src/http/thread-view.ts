import type { Context } from "hono";
import { statusOf, type Thread } from "../agent/thread.ts";

/** How a thread looks over HTTP (the 12-factor workshop's shape, plus status and version). */
export function threadView(thread: Thread, basePath = "") {
  return {
    thread_id: thread.id,
    status: statusOf(thread.events),
    version: thread.version,
    events: thread.events,
    response_url: responseUrl(thread.id, basePath),
  };
}

export function threadUrl(id: string, basePath = ""): string {
  return `${basePath}/thread/${encodeURIComponent(id)}`;
}

export function responseUrl(id: string, basePath = ""): string {
  return `${threadUrl(id, basePath)}/response`;
}

/**
 * Where the app is mounted, for the URLs an answer names (Location, response_url): "" at the
 * server's root, "/agent" under `app.use("/agent", ...)`. A server that mounts the app passes the
 * prefix per request as Hono's env `basePath`; otherwise it is the app's own `basePath` option.
 */
export function basePathOf(c: Context, fallback: string | undefined): string {
  const fromServer = (c.env as { basePath?: unknown } | undefined)?.basePath;
  const path = typeof fromServer === "string" ? fromServer : (fallback ?? "");
  const trimmed = path.replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "" : `/${trimmed}`;
}
