import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { jsonError } from "./errors.ts";

/**
 * Requires `Authorization: Bearer <token>` on every route but /healthz (so
 * load balancers can probe without the secret).
 */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.path === "/healthz") return next();
    const given = /^Bearer +(\S+) *$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (given === undefined || !tokensMatch(given, token)) {
      c.header("WWW-Authenticate", 'Bearer realm="agent"');
      return jsonError(c, 401, "send the AGENT_API_TOKEN value as `Authorization: Bearer <token>`");
    }
    return next();
  };
}

/**
 * Constant-time comparison. Hashing first gives both sides the same length,
 * so timingSafeEqual never throws and the time taken says nothing about the token.
 */
export function tokensMatch(given: string, expected: string): boolean {
  const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(sha256(given), sha256(expected));
}

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Why the server must not start on this address, or undefined when it may. */
export function bindProblem(host: string, token: string | undefined): string | undefined {
  if (isLoopback(host) || token) return undefined;
  return (
    `HOST=${host} would expose the agent API beyond this machine without authentication. ` +
    `Set AGENT_API_TOKEN to a long random secret (for example the output of \`openssl rand -hex 32\`), ` +
    `or leave HOST unset to listen on 127.0.0.1 only.`
  );
}
