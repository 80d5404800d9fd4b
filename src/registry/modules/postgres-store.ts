import type { ModuleManifest } from "../types.ts";

export const postgresStore: ModuleManifest = {
  id: "postgres-store",
  title: "PostgreSQL store and workers",
  description: "Threads in PostgreSQL (optimistic versions, SQL migrations) and pg-boss workers, for any number of processes",
  factors: [5, 6],
  requires: ["core"],
  store: "postgres",
  // @opentelemetry/api: pg-boss imports it at run time but only lists it as a peer.
  dependencies: ["pg", "pg-boss", "@opentelemetry/api"],
  devDependencies: ["@types/pg"],
  scripts: {
    worker: "node --env-file-if-exists=.env src/worker.ts",
    "db:migrate": "node --env-file-if-exists=.env src/db-migrate.ts",
  },
  env: [
    {
      name: "DATABASE_URL",
      comment: "PostgreSQL for threads and jobs (docker compose up -d starts this one); tests use it too",
      example: "postgres://postgres:postgres@127.0.0.1:5432/agent",
    },
    { name: "WORKER_CONCURRENCY", comment: "Threads one `npm run worker` advances at the same time", example: "4", optional: true },
    {
      name: "AGENT_EXECUTION",
      comment: "queue: every HTTP request answers 202 and a worker does the work (per request: Prefer: respond-async)",
      example: "queue",
      optional: true,
    },
  ],
  registers: [],
};
