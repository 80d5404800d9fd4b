import { VersionConflictError } from "../store/types.ts";
import { compactError } from "./errors.ts";
import { advance, type AgentDeps } from "./loop.ts";
import { statusOf, type ThreadStatus } from "./thread.ts";

// A process that stops mid-step (killed, out of memory, a deploy) leaves its
// threads `running`: every event up to the crash is stored, nothing after it.
// Resuming advances each one from what is stored, so a recorded step is never
// redone; a tool that ran but whose result was not stored runs again with the
// same idempotency key (see README, "Guarantees").

export interface ResumeOutcome {
  id: string;
  /** Where the thread stands now, or the error that stopped it (it stays running). */
  status?: ThreadStatus;
  error?: string;
}

/**
 * Advances every stored thread whose status is `running`, `concurrency` at a time.
 * Only safe where no other process is advancing threads of this store right now:
 * the file store's single process, at start-up.
 */
export async function resumeRunning(deps: AgentDeps, { concurrency = 4 } = {}): Promise<ResumeOutcome[]> {
  const waiting = await deps.store.list({ status: "running" });
  const outcomes: ResumeOutcome[] = [];
  const next = async (): Promise<void> => {
    for (let summary = waiting.shift(); summary; summary = waiting.shift()) {
      outcomes.push(await resumeOne(summary.id, deps));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, next));
  return outcomes;
}

async function resumeOne(id: string, deps: AgentDeps): Promise<ResumeOutcome> {
  try {
    const thread = await deps.store.get(id);
    if (!thread) return { id, error: "no longer stored" };
    return { id, status: statusOf((await advance(thread, deps)).events) };
  } catch (error) {
    // Someone else (a request answering it) moved the thread on: it is theirs now.
    if (error instanceof VersionConflictError) {
      const now = await deps.store.get(id);
      if (now) return { id, status: statusOf(now.events) };
    }
    return { id, error: compactError(error) };
  }
}
