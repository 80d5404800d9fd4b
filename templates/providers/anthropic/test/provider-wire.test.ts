import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { missingCredentials } from "../src/llm/provider.ts";
import { readRequest, startFakeAnthropicMessages } from "./helpers/fake-anthropic-messages.ts";
import { describeProviderWire, type ProviderWire } from "./helpers/wire-suite.ts";

// The real @ai-sdk/anthropic package against a local server that speaks Anthropic's Messages API.
// No key and no network needed. The tests every provider shares are in test/helpers/wire-suite.ts.

const wire: ProviderWire = {
  name: "anthropic",
  start: startFakeAnthropicMessages,
  readRequest,
  env: (url) => ({ ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: "test-key" }),
  firstRequest: { path: "/v1/messages", headers: { "x-api-key": "test-key" } },
};

describeProviderWire(wire);

describe("anthropic configuration", () => {
  it("names the missing key", () => {
    expect(missingCredentials({})).toEqual(["ANTHROPIC_API_KEY"]);
    expect(missingCredentials({ ANTHROPIC_API_KEY: "" })).toEqual(["ANTHROPIC_API_KEY"]);
    expect(missingCredentials({ ANTHROPIC_API_KEY: "sk-ant-test" })).toEqual([]);
  });

  it("treats an empty ANTHROPIC_BASE_URL (`ANTHROPIC_BASE_URL=` in .env) as unset", () => {
    // A fresh process, so the provider package loads with the empty variable already set.
    const script = 'const { createModel } = await import("./src/llm/provider.ts"); createModel();';
    const child = spawnSync(
      process.execPath,
      ["--no-warnings", "--input-type=module", "-e", script],
      {
        cwd: new URL("..", import.meta.url),
        env: { ...process.env, ANTHROPIC_BASE_URL: "", ANTHROPIC_API_KEY: "" },
        encoding: "utf8",
      },
    );
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
  });
});
