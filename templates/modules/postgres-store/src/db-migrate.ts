import { connectPool, redact } from "./store/pg-connect.ts";
import { migrate } from "./store/pg-migrate.ts";

// `npm run db:migrate`: applies the SQL files in migrations/ that DATABASE_URL has not
// seen yet. Servers and workers do the same on start; this is for deploy pipelines
// that migrate first, and for checking a new migration by hand.

try {
  const pool = await connectPool();
  try {
    const applied = await migrate(pool);
    const where = redact(process.env.DATABASE_URL ?? "");
    console.log(applied.length > 0 ? `applied ${applied.join(", ")} to ${where}` : `${where} is up to date`);
  } finally {
    await pool.end();
  }
} catch (error) {
  console.error((error as Error).message ?? error);
  process.exitCode = 1;
}
