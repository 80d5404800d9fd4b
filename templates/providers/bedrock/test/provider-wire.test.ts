import { describe, expect, it } from "vitest";
import { missingCredentials } from "../src/llm/provider.ts";
import { readRequest, startFakeBedrockConverse } from "./helpers/fake-bedrock-converse.ts";
import { describeProviderWire, finish, runOnWire, type ProviderWire } from "./helpers/wire-suite.ts";

// The real @ai-sdk/amazon-bedrock package sending SigV4-signed requests (made with fake
// credentials) to a local server that speaks Bedrock's Converse API. No AWS account needed.
// The tests every provider shares are in test/helpers/wire-suite.ts.

// SigV4 for the "bedrock" service, with the access key id and region from the env.
const signature = /^AWS4-HMAC-SHA256 Credential=AKIDTESTONLY\/\d{8}\/us-east-1\/bedrock\/aws4_request, /;

const wire: ProviderWire = {
  name: "bedrock",
  start: startFakeBedrockConverse,
  readRequest,
  env: (url) => ({
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDTESTONLY",
    AWS_SECRET_ACCESS_KEY: "test-secret",
  }),
  firstRequest: { headers: { authorization: expect.stringMatching(signature) } },
};

describeProviderWire(wire);

describe("bedrock configuration", () => {
  it("signs with temporary credentials when AWS_SESSION_TOKEN is set", async () => {
    const { raw } = await runOnWire(wire, "hi", [finish], { env: { AWS_SESSION_TOKEN: "test-session" } });
    expect(raw[0]?.headers["x-amz-security-token"]).toBe("test-session");
  });

  it("sends a Bedrock API key as a bearer token instead of signing", async () => {
    const { raw } = await runOnWire(wire, "hi", [finish], { env: { AWS_BEARER_TOKEN_BEDROCK: "test-api-key" } });
    expect(raw[0]?.headers.authorization).toBe("Bearer test-api-key");
  });

  it("names what is missing: the region, and a key pair unless there is an API key", () => {
    expect(missingCredentials({})).toEqual(["AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
    expect(missingCredentials({ AWS_REGION: "us-east-1", AWS_BEARER_TOKEN_BEDROCK: "key" })).toEqual([]);
    const keyPair = { AWS_ACCESS_KEY_ID: "AKIDTESTONLY", AWS_SECRET_ACCESS_KEY: "test-secret" };
    expect(missingCredentials({ AWS_REGION: "us-east-1", ...keyPair })).toEqual([]);
  });
});
