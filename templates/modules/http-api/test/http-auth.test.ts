import { describe, expect, it } from "vitest";
import { bindProblem, isLoopback, tokensMatch } from "../src/http/auth.ts";
import { json, postJson, testApp } from "./helpers/http.ts";

const token = "s3cret-token-0123456789abcdef";

describe("bearer token", () => {
  const withToken = () => testApp([{ tool: "done_for_now", input: { message: "hi" } }], { token });

  it("refuses requests without the token", async () => {
    const { app, store } = withToken();
    for (const res of [
      await app.request("/thread/abc"),
      await postJson(app, "/thread", { message: "hi" }),
      await app.request("/no-such-route"),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect((await json(res)).error).toContain("AGENT_API_TOKEN");
    }
    expect(await store.list()).toEqual([]);
  });

  it("refuses a wrong token, of any length or scheme", async () => {
    const { app } = withToken();
    for (const authorization of [`Bearer ${token}x`, "Bearer x", `Bearer ${token.toUpperCase()}`, `Basic ${token}`, token, "Bearer "]) {
      const res = await app.request("/thread/abc", { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
    }
  });

  it("lets the right token through", async () => {
    const { app } = withToken();
    expect((await app.request("/thread/abc", { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
    const res = await postJson(app, "/thread", { message: "hi" }, { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(201);
  });

  it("leaves /healthz open", async () => {
    expect((await withToken().app.request("/healthz")).status).toBe(200);
  });

  it("is not required when no token is configured", async () => {
    expect((await testApp([]).app.request("/thread/abc")).status).toBe(404);
  });
});

describe("tokensMatch", () => {
  it("compares whole tokens, whatever their lengths", () => {
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(`${token}x`, token)).toBe(false);
    expect(tokensMatch("", token)).toBe(false);
    expect(tokensMatch(token.slice(0, -1), token)).toBe(false);
  });
});

describe("where the server may listen", () => {
  it("allows loopback addresses without a token", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"]) {
      expect(isLoopback(host), host).toBe(true);
      expect(bindProblem(host, undefined), host).toBeUndefined();
    }
  });

  it("refuses any other address without a token, naming AGENT_API_TOKEN", () => {
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "example.com", "127.0.0.1.example.com"]) {
      expect(isLoopback(host), host).toBe(false);
      expect(bindProblem(host, undefined), host).toContain("Set AGENT_API_TOKEN");
      expect(bindProblem(host, token), host).toBeUndefined();
    }
  });
});
