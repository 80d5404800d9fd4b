import { describe, expect, it } from "vitest";
import { missingCredentials } from "../src/llm/provider.ts";
import { readRequest, startFakeOpenAIChat } from "./helpers/fake-openai-chat.ts";
import { describeProviderWire, type ProviderWire } from "./helpers/wire-suite.ts";

// The real @ai-sdk/openai-compatible package against a local server that speaks the
// OpenAI-compatible Chat Completions API that Ollama serves at /v1. No Ollama needed.
// The tests every provider shares are in test/helpers/wire-suite.ts.

const wire: ProviderWire = {
  name: "ollama",
  start: startFakeOpenAIChat,
  readRequest,
  env: (url) => ({ OLLAMA_BASE_URL: url }),
  // Ollama wants no key, so none is sent.
  firstRequest: { path: "/v1/chat/completions", headers: { authorization: undefined } },
};

describeProviderWire(wire);

describe("ollama configuration", () => {
  it("needs no credentials", () => {
    expect(missingCredentials({})).toEqual([]);
  });
});
