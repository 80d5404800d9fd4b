import { randomBytes } from "node:crypto";
import { Pool } from "pg";
import { afterAll } from "vitest";

// The Postgres tests run against a real server: the one DATABASE_URL names in the
// environment (vitest does not read .env). Each test gets schemas of its own, dropped
// when its file ends, so runs and test files side by side never see each other's rows.

export const MISSING_DATABASE =
  "The Postgres tests need a PostgreSQL server and are not skipped without one. " +
  "Set DATABASE_URL in the environment, e.g. `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test` " +
  "(`docker compose up -d` starts a server at postgres://postgres:postgres@127.0.0.1:5432/agent).";

export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error(MISSING_DATABASE);
  return url;
}

/** DATABASE_URL with another search_path, so unqualified table names land in `schema`. */
export function urlWithSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
}

export interface TestSchema {
  /** Where the thread tables go. */
  schema: string;
  /** Where pg-boss puts its tables. */
  queueSchema: string;
  /** An environment whose DATABASE_URL points into `schema`. */
  env: NodeJS.ProcessEnv;
}

/**
 * Call once at the top of a test file. `fresh()` makes empty schemas for one test;
 * all of them are dropped after the file's last test.
 */
export function useTestDatabase(): { fresh(): Promise<TestSchema>; admin(): Pool } {
  let pool: Pool | undefined;
  const made: string[] = [];
  const admin = () => (pool ??= new Pool({ connectionString: testDatabaseUrl(), connectionTimeoutMillis: 5_000, max: 2 }));

  afterAll(async () => {
    if (!pool) return;
    for (const schema of made) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  return {
    admin,
    async fresh() {
      const url = testDatabaseUrl();
      const schema = `agent_test_${randomBytes(6).toString("hex")}`;
      const queueSchema = `${schema}_queue`;
      await admin().query(`CREATE SCHEMA "${schema}"`);
      made.push(schema, queueSchema); // pg-boss creates its own schema on start
      return { schema, queueSchema, env: { ...process.env, DATABASE_URL: urlWithSchema(url, schema) } };
    },
  };
}
