import { describe, expect, it } from "vitest";
import { missingCredentials } from "../src/llm/provider.ts";
import { readRequest, startFakeOpenAIResponses } from "./helpers/fake-openai-responses.ts";
import { describeProviderWire, type ProviderWire } from "./helpers/wire-suite.ts";

// The real @ai-sdk/azure package against a local server that speaks Azure OpenAI's v1
// Responses API. No key and no network needed. The tests every provider shares are in
// test/helpers/wire-suite.ts.

const wire: ProviderWire = {
  name: "azure",
  start: (replies) => startFakeOpenAIResponses(replies, { basePath: "/openai/v1" }),
  readRequest,
  env: (url) => ({ AZURE_BASE_URL: url, AZURE_API_KEY: "test-key" }),
  firstRequest: { path: "/openai/v1/responses", headers: { "api-key": "test-key" } },
};

describeProviderWire(wire);

describe("azure configuration", () => {
  it("names what is missing: a resource name or base URL, and the key", () => {
    expect(missingCredentials({})).toEqual(["AZURE_RESOURCE_NAME", "AZURE_API_KEY"]);
    expect(missingCredentials({ AZURE_BASE_URL: "https://my-resource.openai.azure.com/openai/v1" })).toEqual([
      "AZURE_API_KEY",
    ]);
    expect(missingCredentials({ AZURE_RESOURCE_NAME: "my-resource", AZURE_API_KEY: "key" })).toEqual([]);
  });
});
