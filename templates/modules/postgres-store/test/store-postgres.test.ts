import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { event } from "../src/agent/events.ts";
import { newThread, type Thread } from "../src/agent/thread.ts";
import { createStore } from "../src/store/index.ts";
import { CONNECT_TIMEOUT_MS, connectPool } from "../src/store/pg-connect.ts";
import { migrate } from "../src/store/pg-migrate.ts";
import { PgThreadStore } from "../src/store/pg-store.ts";
import { UnreadableThreadError, VersionConflictError, type ThreadStore } from "../src/store/types.ts";
import { useTestDatabase } from "./helpers/postgres.ts";
import { describeThreadStore } from "./store-conformance.ts";

const db = useTestDatabase();
const opened: ThreadStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close?.()));
});

/** A store over empty tables of its own, as `npm start` would open it. */
async function freshStore(): Promise<PgThreadStore> {
  const { env } = await db.fresh();
  const store = await PgThreadStore.connect(env);
  opened.push(store);
  return store;
}

describeThreadStore("PgThreadStore", freshStore);

describe("PgThreadStore in PostgreSQL", () => {
  const at = new Date("2025-01-02T03:04:05.000Z");
  const done = (t: Thread, message: string): Thread => ({ ...t, events: [...t.events, event("done", { message }, at)] });

  it("createStore() connects to DATABASE_URL and creates the tables", async () => {
    const { env, schema } = await db.fresh();
    const store = await createStore(env);
    opened.push(store);
    await store.create(newThread("hi", at, "t1"));
    const { rows } = await db.admin().query(`SELECT id, version, status FROM "${schema}".threads`);
    expect(rows).toEqual([{ id: "t1", version: 1, status: "running" }]);
  });

  it("is one store for every process: another connection sees writes and is held to the same versions", async () => {
    const { env } = await db.fresh();
    const first = await PgThreadStore.connect(env);
    const second = await PgThreadStore.connect(env);
    opened.push(first, second);
    const v1 = await first.create(newThread("hi", at, "t1"));
    expect(await second.get("t1")).toEqual(v1);

    const results = await Promise.allSettled([first.update(done(v1, "first"), 1), second.update(done(v1, "second"), 1)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected");
    expect(loser?.reason).toBeInstanceOf(VersionConflictError);
    expect((await first.get("t1"))?.version).toBe(2);
    expect(await first.list({ status: "done" })).toMatchObject([{ id: "t1", version: 2 }]);
  });

  it("refuses a row written with an unknown schema_version, on read and on write, and leaves it alone", async () => {
    const store = await freshStore();
    const v1 = await store.create(newThread("hi", at, "t1"));
    await store.pool.query("UPDATE threads SET schema_version = 2 WHERE id = 't1'");

    const read = store.get("t1");
    await expect(read).rejects.toBeInstanceOf(UnreadableThreadError);
    await expect(read).rejects.toThrow("has schema_version 2, but this code reads version 1");
    await expect(store.update(done(v1, "x"), 1)).rejects.toBeInstanceOf(UnreadableThreadError);
    const { rows } = await store.pool.query("SELECT version, schema_version FROM threads");
    expect(rows).toEqual([{ version: 1, schema_version: 2 }]);
  });

  it("refuses a row whose events do not match the thread schema", async () => {
    const store = await freshStore();
    await store.create(newThread("hi", at, "t1"));
    await store.pool.query(`UPDATE threads SET events = '[{"type":"nonsense"}]' WHERE id = 't1'`);
    await expect(store.get("t1")).rejects.toThrow(/t1 cannot be read: .*does not match the thread schema/s);
  });

  it("refuses a malformed thread before writing it", async () => {
    const store = await freshStore();
    const bad = { ...newThread("hi", at, "t1"), events: [{ type: "nonsense" }] } as unknown as Thread;
    await expect(store.create(bad)).rejects.toThrow();
    expect(await store.list()).toEqual([]);
  });

  it("hands each idle running thread to one of the processes sweeping for them, then not again until it is idle again", async () => {
    const store = await freshStore();
    const idle = await store.create(newThread("left running", at, "idle"));
    await store.create(newThread("being advanced", at, "busy"));
    await store.update(done(await store.create(newThread("finished", at, "ended")), "ok"), 1);
    await store.pool.query("UPDATE threads SET updated_at = now() - interval '10 minutes' WHERE id IN ('idle', 'ended')");

    const sweeps = await Promise.all(Array.from({ length: 5 }, () => store.claimIdleRunning(60)));
    expect(sweeps.flat()).toEqual(["idle"]);
    expect(await store.claimIdleRunning(60)).toEqual([]);
    // The claim is not a write of the thread: its version and events are as they were.
    expect(await store.get("idle")).toEqual(idle);
  });

  it("keeps ids as they are, including characters a file name could not hold", async () => {
    const store = await freshStore();
    for (const id of ["a/b", "../x", "ünï cødé", "x".repeat(300)]) {
      await store.create(newThread("hi", at, id));
      expect((await store.get(id))?.id).toBe(id);
    }
    expect(await store.get("a\0b")).toBeUndefined();
  });
});

describe("migrations", () => {
  it("apply once, even when many processes start at the same moment", async () => {
    const { env, schema } = await db.fresh();
    const pools = await Promise.all(Array.from({ length: 5 }, () => connectPool(env)));
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool)));
      expect(applied.flat()).toEqual(["001_threads.sql"]);
      const { rows } = await db.admin().query(`SELECT name FROM "${schema}".schema_migrations`);
      expect(rows).toEqual([{ name: "001_threads.sql" }]);
      expect(await migrate(pools[0]!)).toEqual([]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});

describe("connecting", () => {
  it("names DATABASE_URL when it is missing", async () => {
    await expect(PgThreadStore.connect({})).rejects.toThrow(/DATABASE_URL is not set: set DATABASE_URL in \.env, e\.g\. DATABASE_URL=postgres:\/\//);
  });

  it("says within seconds, and without the password, when the server cannot be reached", async () => {
    const started = Date.now();
    // Nothing listens on port 1; a refused connection must not turn into a hang or a retry loop.
    const attempt = PgThreadStore.connect({ DATABASE_URL: "postgres://agent:s3cret@127.0.0.1:1/agent" });
    await expect(attempt).rejects.toThrow(/cannot reach PostgreSQL at postgres:\/\/agent:\*\*\*@127\.0\.0\.1:1\/agent \(DATABASE_URL\)/);
    await expect(attempt).rejects.not.toThrow(/s3cret/);
    expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS + 1_000);
  });

  it("gives up after the connect timeout when something answers the port but never speaks PostgreSQL", async () => {
    const silent = createServer(() => {}); // accepts connections and never says a word
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    const started = Date.now();
    try {
      await expect(PgThreadStore.connect({ DATABASE_URL: `postgres://agent@127.0.0.1:${port}/agent` })).rejects.toThrow(
        /cannot reach PostgreSQL .*timeout/i,
      );
      expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS + 2_000);
    } finally {
      silent.close();
    }
  }, CONNECT_TIMEOUT_MS + 5_000);
});
