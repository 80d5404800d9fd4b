import type { ModuleManifest } from "../types.ts";

export const httpApi: ModuleManifest = {
  id: "http-api",
  title: "HTTP API",
  description: "Launch, pause and resume threads over HTTP (POST /thread, GET /thread/:id, POST /thread/:id/response)",
  factors: [6, 11],
  requires: ["core"],
  dependencies: ["hono", "@hono/node-server"],
  devDependencies: [],
  scripts: {
    start: "node --env-file-if-exists=.env src/server.ts",
    serve: "node --env-file-if-exists=.env src/server.ts",
  },
  env: [
    { name: "PORT", comment: "HTTP port", example: "3000", optional: true },
    { name: "HOST", comment: "Bind address; anything but loopback requires AGENT_API_TOKEN", example: "127.0.0.1", optional: true },
    { name: "AGENT_API_TOKEN", comment: "Bearer token every request must carry (required off loopback)", example: "change-me", optional: true },
  ],
  registers: [],
};
