import { randomBytes } from "node:crypto";
import { applyAnswer } from "../../../src/agent/answer.ts";
import type { AgentDeps } from "../../../src/agent/loop.ts";
import { newThread, statusOf, type Thread } from "../../../src/agent/thread.ts";
import type { PgAdvanceQueue } from "../../../src/queue/pg-advance-queue.ts";
import type { PgThreadStore } from "../../../src/store/pg-store.ts";
import { add } from "../../../src/tools/add.ts";
import { divide } from "../../../src/tools/divide.ts";
import { doneForNow } from "../../../src/tools/done-for-now.ts";
import { multiply } from "../../../src/tools/multiply.ts";
import type { AnyTool } from "../../../src/tools/types.ts";
import { historyProblems, strayEffects, type Task } from "../../chaos/helpers/history.ts";
import { readLedger, recordingTool, type RecordingHooks } from "../../helpers/recording-tool.ts";

// Shared by the Postgres chaos tests: the tools the plans use, a tag that marks
// this run's connections (so only they are terminated), a client that drives
// tasks through the queue, and the end-of-run check.

/** The calculator and the recording tool, whose effects go to `ledger`. */
export function chaosTools(ledger: string, hooks: RecordingHooks = {}): AnyTool[] {
  return [recordingTool(ledger, hooks), add, multiply, divide, doneForNow];
}

/** A unique application_name; in DATABASE_URL it wins over what the pools set themselves. */
export function connectionTag(): string {
  return `chaos_${randomBytes(4).toString("hex")}`;
}

export function withTag(env: NodeJS.ProcessEnv, tag: string): NodeJS.ProcessEnv {
  const url = new URL(env.DATABASE_URL ?? "");
  url.searchParams.set("application_name", tag);
  return { ...env, DATABASE_URL: url.toString() };
}

/**
 * What a client does for each task until every thread is done or `deadline` passes:
 * start the thread and queue it, approve what waits and queue it again.
 */
export async function driveThroughQueue(
  tasks: readonly Task[],
  store: PgThreadStore,
  queue: PgAdvanceQueue,
  deadline: number,
): Promise<void> {
  const open = new Set(tasks.map((t) => t.name));
  while (open.size > 0 && Date.now() < deadline) {
    for (const task of tasks) {
      if (!open.has(task.name)) continue;
      let thread = await store.get(task.name);
      if (!thread) {
        thread = await store.create(newThread(task.message, new Date(), task.name));
        await queue.enqueue(thread.id);
      }
      const status = statusOf(thread.events);
      if (status === "done" || status === "failed") open.delete(task.name);
      else if (status === "awaiting_approval") {
        const approved = applyAnswer(thread, { type: "approval", approved: true });
        if (!approved.ok) throw new Error(approved.reason);
        await store.update(approved.thread, thread.version);
        await queue.enqueue(thread.id);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every history and effect problem across `tasks`, or [] when all ended as undisturbed runs do. */
export async function endStateProblems(tasks: readonly Task[], store: PgThreadStore, ledger: string) {
  const { effects, attempts } = readLedger(ledger);
  const threads: Thread[] = [];
  const problems: string[] = [];
  for (const task of tasks) {
    const thread = await store.get(task.name);
    if (!thread) problems.push(`thread ${task.name} is missing`);
    else {
      threads.push(thread);
      problems.push(...historyProblems(thread, task, effects));
    }
  }
  problems.push(...strayEffects(threads, effects).map((key) => `an effect no thread accounts for: ${key}`));
  const events = threads.reduce((n, t) => n + t.events.length, 0);
  return { problems, events, reruns: attempts.length - effects.size, effects: effects.size };
}

export type { AgentDeps };
