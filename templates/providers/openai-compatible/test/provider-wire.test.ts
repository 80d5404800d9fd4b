import { describe, expect, it } from "vitest";
import { createModel, missingCredentials } from "../src/llm/provider.ts";
import { readRequest, startFakeOpenAIChat } from "./helpers/fake-openai-chat.ts";
import { describeProviderWire, finish, runOnWire, type ProviderWire } from "./helpers/wire-suite.ts";

// The real @ai-sdk/openai-compatible package against a local server that speaks OpenAI's
// Chat Completions API. No key and no network needed. The tests every provider shares are in
// test/helpers/wire-suite.ts.

const wire: ProviderWire = {
  name: "openai-compatible",
  start: startFakeOpenAIChat,
  readRequest,
  env: (url) => ({ OPENAI_COMPATIBLE_BASE_URL: url, OPENAI_COMPATIBLE_API_KEY: "test-key" }),
  firstRequest: { path: "/v1/chat/completions", headers: { authorization: "Bearer test-key" } },
};

describeProviderWire(wire);

describe("openai-compatible configuration", () => {
  it("sends no Authorization header when the server needs no key", async () => {
    const { raw } = await runOnWire(wire, "hi", [finish], { env: { OPENAI_COMPATIBLE_API_KEY: "" } });
    expect(raw[0]?.headers.authorization).toBeUndefined();
  });

  it("names the missing base URL", () => {
    expect(missingCredentials({})).toEqual(["OPENAI_COMPATIBLE_BASE_URL"]);
    expect(missingCredentials({ OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:8000/v1" })).toEqual([]);
    expect(() => createModel({})).toThrow(/OPENAI_COMPATIBLE_BASE_URL/);
  });
});
