import { z } from "zod";
import { event } from "./events.ts";
import { describeWaiting, reduce, waitingFor } from "./reducer.ts";
import { statusOf, type Thread } from "./thread.ts";

// A human's answer to a paused thread, as it arrives from a terminal, an HTTP
// body or a webhook. Same shape as the 12-factor workshop's POST /thread/:id/response.

export const humanAnswer = z.discriminatedUnion("type", [
  z.object({ type: z.literal("response"), response: z.string() }),
  z.object({ type: z.literal("approval"), approved: z.boolean(), comment: z.string().optional() }),
]);

export type HumanAnswer = z.infer<typeof humanAnswer>;

/**
 * Records the answer on the thread, or says why it does not fit. Pure: the caller
 * stores the new thread (store.update) and then calls advance() to continue.
 */
export function applyAnswer(
  thread: Thread,
  answer: HumanAnswer,
  now: Date = new Date(),
): { ok: true; thread: Thread } | { ok: false; reason: string } {
  const waiting = waitingFor(thread);
  if (!waiting) {
    return { ok: false, reason: `thread ${thread.id} is not waiting for a human (status: ${statusOf(thread.events)})` };
  }
  const callId = waiting.data.call_id;

  if (waiting.type === "approval_request") {
    if (answer.type !== "approval") {
      return {
        ok: false,
        reason: `thread ${thread.id} is waiting for ${describeWaiting(waiting)}: answer with {"type":"approval","approved":true|false,"comment"?:"..."}`,
      };
    }
    const data = answer.comment === undefined
      ? { call_id: callId, approved: answer.approved }
      : { call_id: callId, approved: answer.approved, comment: answer.comment };
    return reduce(thread, event("approval_response", data, now));
  }

  if (answer.type !== "response") {
    return {
      ok: false,
      reason: `thread ${thread.id} is waiting for ${describeWaiting(waiting)}: answer with {"type":"response","response":"..."}`,
    };
  }
  return reduce(thread, event("human_response", { call_id: callId, response: answer.response }, now));
}
