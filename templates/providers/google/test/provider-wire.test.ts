import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_ID, missingCredentials } from "../src/llm/provider.ts";
import { readRequest, startFakeGemini } from "./helpers/fake-gemini.ts";
import { describeProviderWire, type ProviderWire } from "./helpers/wire-suite.ts";

// The real @ai-sdk/google package against a local server that speaks the Gemini API
// (generateContent). No key and no network needed. The tests every provider shares are in
// test/helpers/wire-suite.ts.

const wire: ProviderWire = {
  name: "google",
  start: startFakeGemini,
  readRequest,
  env: (url) => ({ GOOGLE_BASE_URL: url, GOOGLE_GENERATIVE_AI_API_KEY: "test-key" }),
  firstRequest: {
    path: `/v1beta/models/${DEFAULT_MODEL_ID}:generateContent`,
    headers: { "x-goog-api-key": "test-key" },
  },
};

describeProviderWire(wire);

describe("google configuration", () => {
  it("names the missing key", () => {
    expect(missingCredentials({})).toEqual(["GOOGLE_GENERATIVE_AI_API_KEY"]);
    expect(missingCredentials({ GOOGLE_GENERATIVE_AI_API_KEY: "" })).toEqual(["GOOGLE_GENERATIVE_AI_API_KEY"]);
    expect(missingCredentials({ GOOGLE_GENERATIVE_AI_API_KEY: "AIza-test" })).toEqual([]);
  });
});
