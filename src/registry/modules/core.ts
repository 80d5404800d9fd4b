import type { ModuleManifest } from "../types.ts";

export const core: ModuleManifest = {
  id: "core",
  title: "Agent core",
  description: "Thread of events, reducer, owned loop, context window, prompts in files, typed tools, error compaction, file store",
  factors: [1, 2, 3, 4, 5, 8, 9, 10, 12],
  requires: [],
  dependencies: ["ai", "zod"],
  devDependencies: ["typescript", "@types/node", "vitest"],
  scripts: {
    dev: "node --env-file-if-exists=.env src/cli.ts",
    test: "vitest run",
    "test:chaos": "vitest run test/chaos --mode chaos",
    typecheck: "tsc",
    eval: "node --env-file-if-exists=.env src/eval.ts",
  },
  env: [
    { name: "AGENT_MODEL", comment: "Use another model than the one chosen at create time", example: "", optional: true },
    { name: "AGENT_DATA_DIR", comment: "Where the file store keeps threads (one JSON file each)", example: ".data", optional: true },
  ],
  registers: [],
};
