import type { Pool } from "pg";
import { z } from "zod";
import { statusOf, THREAD_SCHEMA_VERSION, thread as threadSchema, type Thread, type ThreadStatus } from "../agent/thread.ts";
import { connectPool } from "./pg-connect.ts";
import { migrate } from "./pg-migrate.ts";
import { UnreadableThreadError, VersionConflictError, type ThreadStore, type ThreadSummary } from "./types.ts";

interface ThreadRow {
  id: string;
  version: number;
  schema_version: number;
  created_at: Date;
  status: ThreadStatus;
  events: unknown;
}

const COLUMNS = "id, version, schema_version, created_at, status, events";

/**
 * Threads in PostgreSQL (migrations/001_threads.sql), shared by every server
 * and worker that points at the same DATABASE_URL.
 *
 * What holds, across any number of processes:
 *  - An update is one statement, `UPDATE ... WHERE id = $1 AND version = $2`:
 *    of several writers that read the same version, exactly one succeeds and
 *    the others get VersionConflictError.
 *  - A create is `INSERT ... ON CONFLICT DO NOTHING`: of several creates of
 *    one id, exactly one succeeds.
 *  - A row written by code with another thread schema version is refused
 *    (UnreadableThreadError), on read and on write.
 */
export class PgThreadStore implements ThreadStore {
  readonly pool: Pool;
  readonly #ownsPool: boolean;

  /** Uses `pool` as it is: run migrate(pool) first. close() leaves a pool it was given open. */
  constructor(pool: Pool, options: { ownsPool?: boolean } = {}) {
    this.pool = pool;
    this.#ownsPool = options.ownsPool ?? false;
  }

  /** Connects to DATABASE_URL, brings the schema up to date, and owns the pool (close() ends it). */
  static async connect(env: NodeJS.ProcessEnv = process.env): Promise<PgThreadStore> {
    const pool = await connectPool(env);
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PgThreadStore(pool, { ownsPool: true });
  }

  async create(thread: Thread): Promise<Thread> {
    const valid = validate({ ...thread, version: 1 });
    const { rows } = await this.pool.query<ThreadRow>(
      `INSERT INTO threads (id, version, schema_version, created_at, status, events)
       VALUES ($1, 1, $2, $3, $4, $5::json)
       ON CONFLICT (id) DO NOTHING
       RETURNING ${COLUMNS}`,
      [valid.id, valid.schema_version, valid.created_at, statusOf(valid.events), JSON.stringify(valid.events)],
    );
    if (rows[0]) return toThread(rows[0]);
    throw new VersionConflictError(thread.id, 0, (await this.#versionOf(thread.id)) ?? undefined);
  }

  async get(id: string): Promise<Thread | undefined> {
    if (id.includes("\0")) return undefined; // Postgres text cannot hold it, so no thread has it.
    const { rows } = await this.pool.query<ThreadRow>(`SELECT ${COLUMNS} FROM threads WHERE id = $1`, [id]);
    return rows[0] ? toThread(rows[0]) : undefined;
  }

  async update(thread: Thread, expectedVersion: number): Promise<Thread> {
    const valid = validate({ ...thread, version: expectedVersion + 1 });
    const { rows } = await this.pool.query<ThreadRow>(
      `UPDATE threads
       SET version = version + 1, status = $4, events = $5::json, updated_at = now()
       WHERE id = $1 AND version = $2 AND schema_version = $3
       RETURNING ${COLUMNS}`,
      [valid.id, expectedVersion, valid.schema_version, statusOf(valid.events), JSON.stringify(valid.events)],
    );
    if (rows[0]) return toThread(rows[0]);

    // Nothing written: say why. A row of another schema version is refused whatever its version.
    const current = await this.get(thread.id);
    throw new VersionConflictError(thread.id, expectedVersion, current?.version);
  }

  async list(filter: { status?: ThreadStatus } = {}): Promise<ThreadSummary[]> {
    const where = filter.status ? "WHERE status = $1" : "";
    const { rows } = await this.pool.query<Pick<ThreadRow, "id" | "version" | "status" | "created_at">>(
      `SELECT id, version, status, created_at FROM threads ${where} ORDER BY created_at, id`,
      filter.status ? [filter.status] : [],
    );
    return rows.map((row) => ({ id: row.id, version: row.version, status: row.status, created_at: row.created_at.toISOString() }));
  }

  /**
   * Threads still running that nobody has written for `idleSeconds`: a process died
   * while advancing them (see src/queue/recover-idle.ts). Oldest first. Each one is
   * marked as seen (updated_at = now), so of several processes sweeping at once only
   * one gets it; if that one dies too, the thread is idle again `idleSeconds` later.
   */
  async claimIdleRunning(idleSeconds: number, limit = 100): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `UPDATE threads SET updated_at = now()
       WHERE id IN (
         SELECT id FROM threads
         WHERE status = 'running' AND updated_at < now() - make_interval(secs => $1)
         ORDER BY updated_at LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       RETURNING id`,
      [idleSeconds, limit],
    );
    return rows.map((row) => row.id);
  }

  async close(): Promise<void> {
    if (this.#ownsPool) await this.pool.end();
  }

  async #versionOf(id: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ version: number }>("SELECT version FROM threads WHERE id = $1", [id]);
    return rows[0]?.version ?? null;
  }
}

/** Validated before it is written, so a malformed thread fails at the write that made it. */
function validate(thread: Thread): Thread {
  if (thread.id.includes("\0")) throw new Error(`thread id ${JSON.stringify(thread.id)} cannot be stored: it contains a NUL character`);
  return threadSchema.parse(thread);
}

function toThread(row: ThreadRow): Thread {
  if (row.schema_version !== THREAD_SCHEMA_VERSION) {
    throw new UnreadableThreadError(
      row.id,
      `its row in the threads table has schema_version ${row.schema_version}, but this code reads version ${THREAD_SCHEMA_VERSION}. ` +
        `Run the code that wrote it, or migrate the row.`,
    );
  }
  const parsed = threadSchema.safeParse({
    schema_version: row.schema_version,
    id: row.id,
    version: row.version,
    created_at: row.created_at.toISOString(),
    events: row.events,
  });
  if (!parsed.success) {
    throw new UnreadableThreadError(
      row.id,
      `its row in the threads table does not match the thread schema:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}
