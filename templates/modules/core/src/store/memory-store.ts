import { thread as threadSchema, type Thread, type ThreadStatus } from "../agent/thread.ts";
import { selectSummaries } from "./summary.ts";
import { VersionConflictError, type ThreadStore, type ThreadSummary } from "./types.ts";

/**
 * Threads in a Map, gone when the process exits. Meant for tests and quick
 * experiments; it keeps the same promises as the file store: versions, stale
 * writes rejected, copies in and out.
 *
 * Threads are kept as JSON text, as every other store keeps them: what comes
 * back is what a real store would return (a Date comes back as a string), and
 * no caller can change a stored thread through a reference it kept.
 */
export class MemoryThreadStore implements ThreadStore {
  readonly #threads = new Map<string, string>();

  async create(thread: Thread): Promise<Thread> {
    const existing = this.#read(thread.id);
    if (existing) throw new VersionConflictError(thread.id, 0, existing.version);
    return this.#write({ ...thread, version: 1 });
  }

  async get(id: string): Promise<Thread | undefined> {
    return this.#read(id);
  }

  async update(thread: Thread, expectedVersion: number): Promise<Thread> {
    // No await between the check and the write, so within one process this is atomic.
    const current = this.#read(thread.id);
    if (current?.version !== expectedVersion) {
      throw new VersionConflictError(thread.id, expectedVersion, current?.version);
    }
    return this.#write({ ...thread, version: expectedVersion + 1 });
  }

  async list(filter: { status?: ThreadStatus } = {}): Promise<ThreadSummary[]> {
    const threads = [...this.#threads.keys()].map((id) => this.#read(id)).filter((t) => t !== undefined);
    return selectSummaries(threads, filter.status);
  }

  async close(): Promise<void> {}

  #read(id: string): Thread | undefined {
    const text = this.#threads.get(id);
    return text === undefined ? undefined : threadSchema.parse(JSON.parse(text));
  }

  #write(thread: Thread): Thread {
    // Validated before it is stored, so a malformed thread fails at the write that made it.
    const text = JSON.stringify(threadSchema.parse(thread));
    this.#threads.set(thread.id, text);
    return threadSchema.parse(JSON.parse(text));
  }
}
