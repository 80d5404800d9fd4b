import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { missingCredentials } from "../src/llm/provider.ts";
import { readRequest, startFakeOpenAIResponses } from "./helpers/fake-openai-responses.ts";
import { describeProviderWire, type ProviderWire } from "./helpers/wire-suite.ts";

// The real @ai-sdk/openai package against a local server that speaks OpenAI's Responses API.
// No key and no network needed. The tests every provider shares are in test/helpers/wire-suite.ts.

const wire: ProviderWire = {
  name: "openai",
  start: startFakeOpenAIResponses,
  readRequest,
  env: (url) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: "test-key" }),
  firstRequest: { path: "/v1/responses", headers: { authorization: "Bearer test-key" } },
};

describeProviderWire(wire);

describe("openai configuration", () => {
  it("names the missing key", () => {
    expect(missingCredentials({})).toEqual(["OPENAI_API_KEY"]);
    expect(missingCredentials({ OPENAI_API_KEY: "" })).toEqual(["OPENAI_API_KEY"]);
    expect(missingCredentials({ OPENAI_API_KEY: "sk-test" })).toEqual([]);
  });

  it("treats an empty OPENAI_BASE_URL (`OPENAI_BASE_URL=` in .env) as unset", () => {
    // A fresh process, so the provider package loads with the empty variable already set.
    const script = 'const { createModel } = await import("./src/llm/provider.ts"); createModel();';
    const child = spawnSync(
      process.execPath,
      ["--no-warnings", "--input-type=module", "-e", script],
      {
        cwd: new URL("..", import.meta.url),
        env: { ...process.env, OPENAI_BASE_URL: "", OPENAI_API_KEY: "" },
        encoding: "utf8",
      },
    );
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
  });
});
