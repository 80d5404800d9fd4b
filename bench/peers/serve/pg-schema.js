import pg from "pg";

// A schema of its own for one serving run, so the bench never touches other rows.
//   node bench/peers/serve/pg-schema.js create|drop <name>   (DATABASE_URL in the environment)

const [action, name] = process.argv.slice(2);
if (!/^bench_[a-z0-9_]+$/.test(name ?? "")) throw new Error(`schema name ${name} must look like bench_<letters/digits>`);
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
await client.query(action === "create" ? `CREATE SCHEMA "${name}"` : `DROP SCHEMA IF EXISTS "${name}" CASCADE`);
await client.end();
