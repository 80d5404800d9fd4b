import { readdir, readFile } from "node:fs/promises";
import type { Pool } from "pg";

/** Plain SQL files, applied once each in file-name order: 001_threads.sql, 002_....sql */
export const MIGRATIONS_DIR = new URL("../../migrations/", import.meta.url);

// Any fixed number works; it only has to be the same in every process of this app.
const MIGRATION_LOCK = 72_126_001;

/**
 * Applies the migrations this database has not seen yet and returns their names.
 *
 * Safe to run from many processes at once (every server and worker runs it on
 * start): a Postgres advisory lock lets one process migrate while the others
 * wait, and they then find nothing left to do. Each file runs in its own
 * transaction, so a failing file leaves no half-applied schema behind.
 */
export async function migrate(pool: Pool, dir: URL = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await client.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
      );
      const { rows } = await client.query<{ name: string }>("SELECT name FROM schema_migrations");
      const done = new Set(rows.map((row) => row.name));
      for (const name of files.filter((file) => !done.has(file))) {
        const sql = await readFile(new URL(name, dir), "utf8");
        try {
          await client.query("BEGIN");
          await client.query(sql);
          await client.query("INSERT INTO schema_migrations (name) VALUES ($1)", [name]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new Error(`migration ${name} failed and was rolled back: ${(error as Error).message}`);
        }
        applied.push(name);
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return applied;
}
