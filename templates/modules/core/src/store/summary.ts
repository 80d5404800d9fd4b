import { statusOf, type Thread, type ThreadStatus } from "../agent/thread.ts";
import type { ThreadSummary } from "./types.ts";

export function summarize(thread: Thread): ThreadSummary {
  return { id: thread.id, version: thread.version, status: statusOf(thread.events), created_at: thread.created_at };
}

/** Keeps the summaries with the wanted status, oldest first (ids break ties, so the order is stable). */
export function selectSummaries(threads: Iterable<Thread>, status?: ThreadStatus): ThreadSummary[] {
  const summaries: ThreadSummary[] = [];
  for (const thread of threads) {
    const summary = summarize(thread);
    if (!status || summary.status === status) summaries.push(summary);
  }
  return summaries.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
}
