import { Pool } from "pg";
import { compactError } from "../agent/errors.ts";

/** How long to wait for PostgreSQL to accept a connection before saying it cannot be reached. */
export const CONNECT_TIMEOUT_MS = 5_000;

const HOW_TO_SET =
  "set DATABASE_URL in .env, e.g. DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/agent " +
  "(`docker compose up -d` starts that server)";

/**
 * A connection pool for DATABASE_URL, proven with one query. When the variable
 * is missing or the server does not answer within a few seconds, the error
 * says so and how to fix it, rather than the first request hanging.
 */
export async function connectPool(env: NodeJS.ProcessEnv = process.env, options: { max?: number } = {}): Promise<Pool> {
  const url = env.DATABASE_URL;
  if (!url) throw new Error(`DATABASE_URL is not set: ${HOW_TO_SET}`);

  const pool = new Pool({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    max: options.max ?? 10,
    application_name: "agent",
  });
  // An idle connection can drop (server restart, network): without a listener that
  // would crash the process. The pool opens a fresh connection for the next query.
  pool.on("error", (error) => console.error(`PostgreSQL dropped an idle connection: ${compactError(error)}`));
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(
      `cannot reach PostgreSQL at ${redact(url)} (DATABASE_URL): ${compactError(error) || "connection failed"}. ` +
        `Start the server or fix DATABASE_URL: ${HOW_TO_SET}.`,
    );
  }
  return pool;
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(a value that is not a URL)";
  }
}
