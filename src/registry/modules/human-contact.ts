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
    { name: "HUMAN_WEBHOOK_URL", comment: "POSTed a JSON notice whenever a thread waits for a human", example: "https://example.com/hooks/agent", optional: true },
  ],
  registers: [{ exportName: "requestMoreInformation", from: "./request-more-information.ts" }],
  nextSteps: [],
};
