import { randomUUID } from "node:crypto";
import { link, mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { THREAD_SCHEMA_VERSION, thread as threadSchema, type Thread, type ThreadStatus } from "../agent/thread.ts";
import { KeyedLock } from "./keyed-lock.ts";
import { selectSummaries } from "./summary.ts";
import { UnreadableThreadError, VersionConflictError, type ThreadStore, type ThreadSummary } from "./types.ts";

/**
 * One pretty-printed JSON file per thread (`<dir>/<id>.json`), so a thread can
 * be read, diffed and backed up with ordinary tools.
 *
 * What holds:
 *  - Readers never see a half-written file: every write goes to a temp file in
 *    the same directory, is fsynced, then renamed over the old one.
 *  - Within one process, the version check and the write happen under a lock
 *    per thread, so of N racing updates from the same version exactly one wins.
 *  - Across processes, `create` is still safe (it links the file into place,
 *    which fails if the id exists), but two processes updating the same thread
 *    at the same moment can both pass the version check and the last rename
 *    wins. Run one process per data directory; for several, use the Postgres
 *    store, whose version check is a single SQL statement.
 */
export class FileThreadStore implements ThreadStore {
  readonly dir: string;
  readonly #lock = new KeyedLock();

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  async create(thread: Thread): Promise<Thread> {
    const file = this.#fileOf(thread.id);
    return this.#lock.run(thread.id, async () => {
      await mkdir(this.dir, { recursive: true });
      const { temp, stored } = await this.#writeTemp({ ...thread, version: 1 });
      try {
        // link() fails with EEXIST if the file is there, even if another process made it.
        await link(temp, file);
      } catch (error) {
        if (isErrno(error, "EEXIST")) {
          const existing = await this.#read(thread.id, file);
          throw new VersionConflictError(thread.id, 0, existing?.version);
        }
        throw error;
      } finally {
        await rm(temp, { force: true });
      }
      await syncDir(this.dir);
      return stored;
    });
  }

  async get(id: string): Promise<Thread | undefined> {
    // An id that cannot name a file here cannot name a stored thread either.
    if (!isSafeThreadId(id)) return undefined;
    return this.#read(id, this.#fileOf(id));
  }

  async update(thread: Thread, expectedVersion: number): Promise<Thread> {
    const file = this.#fileOf(thread.id);
    return this.#lock.run(thread.id, async () => {
      // Read (and so validate) the stored thread before writing anything.
      const current = await this.#read(thread.id, file);
      if (current?.version !== expectedVersion) {
        throw new VersionConflictError(thread.id, expectedVersion, current?.version);
      }
      const { temp, stored } = await this.#writeTemp({ ...thread, version: expectedVersion + 1 });
      try {
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      await syncDir(this.dir);
      return stored;
    });
  }

  async list(filter: { status?: ThreadStatus } = {}): Promise<ThreadSummary[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (isErrno(error, "ENOENT")) return [];
      throw error;
    }
    const threads: Thread[] = [];
    for (const name of names) {
      const id = name.endsWith(".json") ? name.slice(0, -".json".length) : "";
      if (!isSafeThreadId(id)) continue; // temp files and anything else that is not a thread
      const t = await this.#read(id, path.join(this.dir, name));
      if (t) threads.push(t);
    }
    return selectSummaries(threads, filter.status);
  }

  async close(): Promise<void> {
    // Nothing stays open between calls.
  }

  #fileOf(id: string): string {
    if (!isSafeThreadId(id)) {
      throw new Error(
        `thread id ${JSON.stringify(id)} cannot be stored: use letters, digits, "-", "_" and "." only (at most 128, not starting with ".")`,
      );
    }
    return path.join(this.dir, `${id}.json`);
  }

  async #read(id: string, file: string): Promise<Thread | undefined> {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if (isErrno(error, "ENOENT")) return undefined;
      throw error;
    }
    return parseThreadFile(id, file, text);
  }

  /**
   * Writes the thread to a fresh temp file beside its final place and flushes it to disk.
   * Returns the thread as it will read back: a copy that shares nothing with the caller's.
   */
  async #writeTemp(thread: Thread): Promise<{ temp: string; stored: Thread }> {
    // Validated first, so a malformed thread fails at the write that made it.
    const text = `${JSON.stringify(threadSchema.parse(thread), null, 2)}\n`;
    const temp = path.join(this.dir, `.${thread.id}.${randomUUID()}.tmp`);
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    return { temp, stored: parseThreadFile(thread.id, temp, text) };
  }
}

/** Ids become file names, so only plain names are allowed: no separators, no "..", no hidden files. */
export function isSafeThreadId(id: string): boolean {
  return /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/.test(id) && !id.includes("..");
}

export function parseThreadFile(id: string, file: string, text: string): Thread {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UnreadableThreadError(
      id,
      `${file} is not valid JSON (${(error as Error).message}). Repair it from a backup, or move it out of ${path.dirname(file)}.`,
    );
  }
  const version = (data as { schema_version?: unknown } | null)?.schema_version;
  if (version !== THREAD_SCHEMA_VERSION) {
    throw new UnreadableThreadError(
      id,
      `${file} has schema_version ${JSON.stringify(version)}, but this code reads version ${THREAD_SCHEMA_VERSION}. ` +
        `Run the code that wrote it, migrate the file, or move it out of ${path.dirname(file)}.`,
    );
  }
  const parsed = threadSchema.safeParse(data);
  if (!parsed.success) {
    throw new UnreadableThreadError(
      id,
      `${file} does not match the thread schema:\n${z.prettifyError(parsed.error)}\nRepair it from a backup, or move it out of ${path.dirname(file)}.`,
    );
  }
  if (parsed.data.id !== id) {
    throw new UnreadableThreadError(id, `${file} holds thread ${parsed.data.id}; a thread's file must be named <id>.json.`);
  }
  return parsed.data;
}

/** Makes a rename durable. Directories cannot be opened for fsync on Windows; there the rename is all we get. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}
