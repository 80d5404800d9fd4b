import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Scratch space for the contenders' stores: bench/.work/runtime/<name>-<random>,
// and PostgreSQL schemas of their own (dropped afterwards), so runs never share rows.

const WORK = path.resolve(fileURLToPath(import.meta.url), "../../../.work/runtime");

export function freshDataDir(name) {
  const dir = path.join(WORK, `${name}-${randomBytes(4).toString("hex")}`);
  mkdirSync(dir, { recursive: true });
  return { dir, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freshPgSchema(Pool, databaseUrl) {
  if (!databaseUrl) throw new Error("DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)");
  const schema = `bench_${randomBytes(5).toString("hex")}`;
  const admin = new Pool({ connectionString: databaseUrl, max: 1 });
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const url = new URL(databaseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    schema,
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
}
