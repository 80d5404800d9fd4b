import { FileThreadStore } from "./file-store.ts";
import type { ThreadStore } from "./types.ts";

export { FileThreadStore } from "./file-store.ts";
export { MemoryThreadStore } from "./memory-store.ts";
export { UnreadableThreadError, VersionConflictError, type ThreadStore, type ThreadSummary } from "./types.ts";

/** The store the app runs with: one JSON file per thread in AGENT_DATA_DIR (default `.data`). */
export async function createStore(env: NodeJS.ProcessEnv = process.env): Promise<ThreadStore> {
  return new FileThreadStore(env.AGENT_DATA_DIR || ".data");
}
