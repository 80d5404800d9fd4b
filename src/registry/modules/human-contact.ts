import type { ModuleManifest } from "../types.ts";

export const humanContact: ModuleManifest = {
  id: "human-contact",
  title: "Human contact",
  description: "request_more_information as a tool, human channels (terminal, webhook)",
  factors: [7],
  requires: ["core"],
  dependencies: [],
  devDependencies: [],
  scripts: {},
  env: [
    { name: "HUMAN_WEBHOOK_URL", comment: "POSTed a JSON notice whenever a thread waits for a human (npm start)", example: "https://hooks.example.com/agent", optional: true },
    { name: "HUMAN_WEBHOOK_SECRET", comment: "Signs each notice: x-agent-signature: sha256=<HMAC of the body>", example: "change-me", optional: true },
    { name: "AGENT_PUBLIC_URL", comment: "Makes response_url in notices absolute", example: "https://agent.example.com", optional: true },
  ],
  registers: [{ exportName: "requestMoreInformation", from: "./request-more-information.ts" }],
};
