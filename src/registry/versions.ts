// Every package a generated project installs, pinned to the exact version the e2e
// matrix installed and tested together. Open ranges broke other scaffolders out of the
// box; change a pin only together with a green e2e run. The repository's own
// devDependencies use the same pins so the templates typecheck in place.
export const VERSIONS = {
  ai: "7.0.173",
  zod: "4.6.7",
  "@ai-sdk/openai": "4.0.118",
  "@ai-sdk/anthropic": "4.0.105",
  "@ai-sdk/google": "4.0.121",
  "@ai-sdk/openai-compatible": "3.0.92",
  "@ai-sdk/amazon-bedrock": "5.0.101",
  "@ai-sdk/azure": "4.0.85",
  hono: "4.13.19",
  "@hono/node-server": "2.1.9",
  pg: "8.23.1",
  "pg-boss": "12.38.0",
  "@types/pg": "8.23.1",
  // pg-boss imports it at run time but lists it as a peer, which yarn does not install on its own.
  "@opentelemetry/api": "1.10.0",
  typescript: "7.0.2",
  "@types/node": "24.19.2",
  vitest: "5.1.1",
  // Only for `add` into a repository whose imports are not `.ts` (NodeNext `.js`, bundler
  // extensionless): Node's type stripping cannot resolve those, so entry points run with tsx.
  tsx: "4.23.15",
  // Only for `add` into a repository whose tsconfig checks libraries (no skipLibCheck): the AI
  // SDK's declarations import "json-schema", which ships no types of its own.
  "@types/json-schema": "7.0.15",
} as const;

export type PackageName = keyof typeof VERSIONS;

/** The generated project's Node floor: the first 22.x that runs .ts files without a flag. */
export const NODE_ENGINE = ">=22.18";
