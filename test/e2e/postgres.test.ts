import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Pool } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { cellEnv, run, runCliAsync, SCAFFOLD_ROOT, type Step } from "../support/scaffold.ts";

// Projects created with the PostgreSQL store: installed, typechecked and tested against a
// real server. Never skipped: without DATABASE_URL these cells fail and say how to get one.
const DATABASE_URL = process.env.DATABASE_URL;
const NO_DATABASE =
  "the postgres cells need a PostgreSQL server: run them with DATABASE_URL set, e.g. " +
  '`export DATABASE_URL="$(.ci/ensure-postgres.sh)"` (it finds or starts one)';

const CELLS = [
  // Every default module plus the store, asked for by --store.
  { name: "postgres-default", args: ["--provider", "openai", "--store", "postgres"] },
  // The module alone, asked for by name, without the HTTP API.
  { name: "postgres-core-only", args: ["--provider", "anthropic", "--modules", "core,postgres-store"] },
  // A file-store project that outgrew one process: `add postgres-store` later.
  { name: "postgres-added-later", args: ["--provider", "google"], addLater: true },
];

function explain(step: Step): string {
  return `${step.command} exited ${step.code} after ${step.seconds.toFixed(1)}s:\n${step.output.slice(-4000)}`;
}

/** DATABASE_URL with its own empty schema, so a cell's migrations touch nothing else. */
const schemas: string[] = [];
let admin: Pool | undefined;
async function freshSchemaUrl(): Promise<string> {
  admin ??= new Pool({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5_000, max: 1 });
  const schema = `e2e_${randomBytes(5).toString("hex")}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  schemas.push(schema);
  const url = new URL(DATABASE_URL!);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return url.toString();
}
afterAll(async () => {
  for (const schema of schemas) await admin?.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin?.end();
});

describe.concurrent("a project with the postgres store installs, typechecks and passes its tests on a real server", () => {
  it.each(CELLS)("$name", async ({ name, args, addLater }) => {
    expect(DATABASE_URL, NO_DATABASE).toBeTruthy();
    const env = cellEnv({ DATABASE_URL });
    const dir = join(SCAFFOLD_ROOT, name);

    const created = await runCliAsync([name, "--yes", "--no-git", ...args], SCAFFOLD_ROOT, env);
    expect(created.code, explain(created)).toBe(0);
    if (addLater) {
      const added = await runCliAsync(["add", "postgres-store"], dir, env);
      expect(added.code, explain(added)).toBe(0);
      // What the user must do next: the database, its container, the workers.
      expect(added.output).toMatch(/Next steps:[\s\S]*DATABASE_URL[\s\S]*docker compose up -d[\s\S]*npm run worker/);
      const installed = await run("npm", ["install", "--no-audit", "--no-fund"], dir, env);
      expect(installed.code, explain(installed)).toBe(0);
    }
    const typecheck = await run("npm", ["run", "typecheck"], dir, env);
    expect(typecheck.code, explain(typecheck)).toBe(0);
    const test = await run("npm", ["test"], dir, env);
    expect(test.code, explain(test)).toBe(0);
    expect(test.output).toMatch(/store-postgres\.test\.ts/);
    expect(test.output).toMatch(/worker\.test\.ts/);
    expect(test.output).not.toMatch(/skipped/);

    // The migration script as a deploy would run it: applies once, then finds nothing to do.
    const migrateEnv = cellEnv({ DATABASE_URL: await freshSchemaUrl() });
    const first = await run("npm", ["run", "--silent", "db:migrate"], dir, migrateEnv);
    expect(first.code, explain(first)).toBe(0);
    expect(first.output).toMatch(/applied 001_threads\.sql/);
    const again = await run("npm", ["run", "--silent", "db:migrate"], dir, migrateEnv);
    expect(again.output).toMatch(/is up to date/);

    console.log(`${name}: create+install ${created.seconds.toFixed(1)}s, typecheck ${typecheck.seconds.toFixed(1)}s, test ${test.seconds.toFixed(1)}s`);
  });
});
