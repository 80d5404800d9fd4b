import type { ProviderId, ProviderManifest } from "./types.ts";

// One row per provider the CLI offers. Each has a template folder
// (templates/providers/<id>/) holding its provider.ts and its wire test.
export const PROVIDERS: readonly ProviderManifest[] = [
  {
    id: "openai",
    title: "OpenAI",
    package: "@ai-sdk/openai",
    protocol: "openai-responses",
    defaultModel: "gpt-5.5",
    modelHint: "an OpenAI model id",
    env: [
      { name: "OPENAI_API_KEY", comment: "OpenAI API key (https://platform.openai.com/api-keys)", example: "sk-..." },
      { name: "OPENAI_BASE_URL", comment: "Point at a proxy or a compatible server instead of api.openai.com", example: "https://api.openai.com/v1", optional: true },
    ],
  },
  {
    id: "anthropic",
    title: "Anthropic",
    package: "@ai-sdk/anthropic",
    // claude-sonnet-5-5 and opus-5-5 cannot be forced to call a tool (the package turns
    // toolChoice "required" into "auto"), which costs the loop a step now and then.
    defaultModel: "claude-sonnet-5",
    modelHint: "an Anthropic model id",
    env: [
      { name: "ANTHROPIC_API_KEY", comment: "Anthropic API key (https://console.anthropic.com/settings/keys)", example: "sk-ant-..." },
      { name: "ANTHROPIC_BASE_URL", comment: "Point at a proxy instead of api.anthropic.com", example: "https://api.anthropic.com/v1", optional: true },
    ],
  },
  {
    id: "google",
    title: "Google Gemini",
    package: "@ai-sdk/google",
    defaultModel: "gemini-3.5-flash",
    modelHint: "a Gemini model id",
    env: [
      { name: "GOOGLE_GENERATIVE_AI_API_KEY", comment: "Gemini API key (https://aistudio.google.com/apikey)", example: "AIza..." },
      { name: "GOOGLE_BASE_URL", comment: "Point at a proxy instead of generativelanguage.googleapis.com", example: "https://generativelanguage.googleapis.com/v1beta", optional: true },
    ],
  },
  {
    id: "ollama",
    title: "Ollama (local)",
    package: "@ai-sdk/openai-compatible",
    protocol: "openai-chat",
    defaultModel: "qwen3",
    modelHint: "a local model that supports tools (ollama pull <model>)",
    env: [
      { name: "OLLAMA_BASE_URL", comment: "Ollama's OpenAI-compatible endpoint", example: "http://127.0.0.1:11434/v1", optional: true },
    ],
  },
  {
    id: "openai-compatible",
    title: "OpenAI-compatible server (vLLM, LM Studio, Together, Groq, ...)",
    package: "@ai-sdk/openai-compatible",
    protocol: "openai-chat",
    defaultModel: "gpt-oss-20b",
    modelHint: "the model id your server serves",
    env: [
      { name: "OPENAI_COMPATIBLE_BASE_URL", comment: "Base URL of the server's OpenAI-compatible API", example: "http://127.0.0.1:8000/v1" },
      { name: "OPENAI_COMPATIBLE_API_KEY", comment: "API key, if the server wants one", example: "sk-...", optional: true },
    ],
  },
  {
    id: "bedrock",
    title: "Amazon Bedrock",
    package: "@ai-sdk/amazon-bedrock",
    defaultModel: "us.anthropic.claude-sonnet-5",
    modelHint: "a Bedrock model or inference profile id",
    env: [
      { name: "AWS_REGION", comment: "AWS region that serves the model", example: "us-east-1" },
      { name: "AWS_ACCESS_KEY_ID", comment: "AWS credentials (or set AWS_BEARER_TOKEN_BEDROCK instead)", example: "AKIA..." },
      { name: "AWS_SECRET_ACCESS_KEY", comment: "AWS secret for the key above", example: "..." },
      { name: "AWS_SESSION_TOKEN", comment: "Only for temporary credentials", example: "...", optional: true },
      { name: "AWS_BEARER_TOKEN_BEDROCK", comment: "Bedrock API key, instead of the access key pair", example: "...", optional: true },
      { name: "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", comment: "Point at a proxy or a VPC endpoint", example: "https://bedrock-runtime.us-east-1.amazonaws.com", optional: true },
    ],
  },
  {
    id: "azure",
    title: "Azure OpenAI",
    package: "@ai-sdk/azure",
    protocol: "openai-responses",
    defaultModel: "gpt-5.5",
    modelHint: "your Azure deployment name",
    env: [
      { name: "AZURE_RESOURCE_NAME", comment: "Azure OpenAI resource name (or set AZURE_BASE_URL)", example: "my-resource" },
      { name: "AZURE_API_KEY", comment: "Azure OpenAI API key", example: "..." },
      { name: "AZURE_BASE_URL", comment: "Full base URL instead of AZURE_RESOURCE_NAME (proxies, sovereign clouds)", example: "https://my-resource.openai.azure.com/openai/v1", optional: true },
    ],
  },
];

export const PROVIDER_IDS = PROVIDERS.map((provider) => provider.id);

/** The template folders of a provider: its own, then its shared protocol's. */
export function providerTemplateDirs(provider: ProviderManifest): string[] {
  return [`providers/${provider.id}`, ...(provider.protocol ? [`protocols/${provider.protocol}`] : [])];
}

export function findProvider(id: string): ProviderManifest | undefined {
  return PROVIDERS.find((provider) => provider.id === id);
}

export function isProviderId(id: string): id is ProviderId {
  return findProvider(id) !== undefined;
}
