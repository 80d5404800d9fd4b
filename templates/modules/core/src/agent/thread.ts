import { randomUUID } from "node:crypto";
import { z } from "zod";
import { agentEvent, type AgentEvent } from "./events.ts";

/** Bumped when the stored shape changes; a store refuses threads it does not know. */
export const THREAD_SCHEMA_VERSION = 1;

export const thread = z.object({
  schema_version: z.literal(THREAD_SCHEMA_VERSION),
  id: z.string().min(1),
  /** Incremented by the store on every write; a write with a stale version is rejected. */
  version: z.number().int().nonnegative(),
  created_at: z.iso.datetime(),
  events: z.array(agentEvent),
});

export type Thread = z.infer<typeof thread>;

export const THREAD_STATUSES = ["running", "awaiting_human", "awaiting_approval", "done", "failed"] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

export function newThread(message: string, now: Date = new Date(), id: string = randomUUID()): Thread {
  const at = now.toISOString();
  return {
    schema_version: THREAD_SCHEMA_VERSION,
    id,
    version: 0,
    created_at: at,
    events: [{ type: "user_message", at, data: { message } }],
  };
}

/** Status is never stored: it is read off the last event (factor 5). */
export function statusOf(events: readonly AgentEvent[]): ThreadStatus {
  const last = events.at(-1);
  switch (last?.type) {
    case "done":
      return "done";
    case "failed":
      return "failed";
    case "approval_request":
      return "awaiting_approval";
    case "human_request":
      return "awaiting_human";
    default:
      return "running";
  }
}
