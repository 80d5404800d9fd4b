import type { Thread, ThreadStatus } from "../agent/thread.ts";

/** A write lost the race: someone else updated the thread since it was read. */
export class VersionConflictError extends Error {
  readonly threadId: string;
  readonly expectedVersion: number;
  readonly actualVersion: number | undefined;

  constructor(threadId: string, expectedVersion: number, actualVersion: number | undefined) {
    super(
      `thread ${threadId} was changed by another writer (expected version ${expectedVersion}, found ${actualVersion ?? "none"})`,
    );
    this.name = "VersionConflictError";
    this.threadId = threadId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** A stored thread this code cannot read (unknown schema version, corrupt file). */
export class UnreadableThreadError extends Error {
  constructor(threadId: string, reason: string) {
    super(`thread ${threadId} cannot be read: ${reason}`);
    this.name = "UnreadableThreadError";
  }
}

export interface ThreadSummary {
  id: string;
  version: number;
  status: ThreadStatus;
  created_at: string;
}

/**
 * Where threads live (factor 6). Every store passes the same conformance suite
 * (test/store-conformance.ts).
 */
export interface ThreadStore {
  /** Stores a new thread at version 1. Fails if the id exists. */
  create(thread: Thread): Promise<Thread>;
  /** The thread, or undefined when there is none with this id. */
  get(id: string): Promise<Thread | undefined>;
  /**
   * Replaces the thread if its stored version is still `expectedVersion`,
   * and returns it with version + 1. Otherwise throws VersionConflictError.
   */
  update(thread: Thread, expectedVersion: number): Promise<Thread>;
  list(filter?: { status?: ThreadStatus }): Promise<ThreadSummary[]>;
  close?(): Promise<void>;
}
