import type { Context } from "hono";
import { advance } from "../agent/loop.ts";
import { applyAnswer } from "../agent/answer.ts";
import { newThread, statusOf, type Thread } from "../agent/thread.ts";
import type { AdvanceQueue } from "../store/index.ts";
import { VersionConflictError } from "../store/types.ts";
import type { AppDeps } from "./app.ts";
import { jsonError } from "./errors.ts";
import { threadIdForKey } from "./idempotency.ts";
import { readJson } from "./request.ts";
import { answerBody, startThreadBody } from "./schemas.ts";
import { basePathOf, responseUrl, threadUrl, threadView } from "./thread-view.ts";

// The three thread routes of the 12-factor workshop: start, read, answer.
// Each request runs the agent until the thread pauses or ends, then answers,
// unless its work goes to the queue (see queueFor).

/** POST /thread {message} → 201 with the thread as far as it got (202 when queued). */
export async function startThread(c: Context, deps: AppDeps): Promise<Response> {
  const body = await readJson(c, startThreadBody);
  if (body instanceof Response) return body;
  // With an Idempotency-Key the thread's id comes from the key, so a retry that arrives after
  // a restart (the remembered answers are gone then) finds its thread instead of starting another.
  const key = c.req.header("idempotency-key");
  const id = key === undefined ? undefined : threadIdForKey(key);
  let created: Thread;
  try {
    created = await deps.store.create(newThread(body.message, new Date(), id));
  } catch (error) {
    if (id !== undefined && error instanceof VersionConflictError) return startedBefore(c, id, body.message, deps);
    throw error;
  }
  const base = basePathOf(c, deps.basePath);
  const queue = queueFor(c, deps);
  if (queue) {
    c.header("Location", threadUrl(created.id, base));
    return accepted(c, queue, created, base);
  }
  const advanced = await advanceOr500(c, created, deps);
  if (advanced instanceof Response) return advanced;
  c.header("Location", threadUrl(advanced.id, base));
  return c.json(threadView(advanced, base), 201);
}

/** A retried start whose thread exists: the thread as it stands now (its work resumed on restart). */
async function startedBefore(c: Context, id: string, message: string, deps: AppDeps): Promise<Response> {
  const thread = await deps.store.get(id);
  const first = thread?.events[0];
  if (!thread || first?.type !== "user_message" || first.data.message !== message) {
    return jsonError(c, 422, "this Idempotency-Key was already used for a different request; use a new key");
  }
  const base = basePathOf(c, deps.basePath);
  c.header("Location", threadUrl(id, base));
  c.header("Idempotent-Replayed", "true");
  // Queued work may have been lost with the process that stored the thread: queue it again
  // (a thread has at most one waiting job, so this never doubles the work).
  const queue = queueFor(c, deps);
  if (queue && statusOf(thread.events) === "running") return accepted(c, queue, thread, base);
  return c.json(threadView(thread, base), 201);
}

/** GET /thread/:id */
export async function getThread(c: Context, deps: AppDeps): Promise<Response> {
  const thread = await deps.store.get(c.req.param("id") ?? "");
  if (!thread) return jsonError(c, 404, "thread not found");
  return c.json(threadView(thread, basePathOf(c, deps.basePath)), 200);
}

/** POST /thread/:id/response {type:"response"|"approval", ...} → 200 with the thread resumed (202 when queued). */
export async function answerThread(c: Context, deps: AppDeps): Promise<Response> {
  const body = await readJson(c, answerBody);
  if (body instanceof Response) return body;
  const thread = await deps.store.get(c.req.param("id") ?? "");
  if (!thread) return jsonError(c, 404, "thread not found");

  const status = statusOf(thread.events);
  if (status === "done" || status === "failed") {
    return jsonError(c, 409, `the thread is ${status}; it takes no more answers. Start a new thread instead`, {
      status,
    });
  }
  const answered = applyAnswer(thread, body);
  if (!answered.ok) return jsonError(c, 409, answered.reason, { status });

  // Fails with VersionConflictError (→ 409) if another answer got there first:
  // only the request that wins this write goes on to run the agent.
  const stored = await deps.store.update(answered.thread, thread.version);
  const base = basePathOf(c, deps.basePath);
  const queue = queueFor(c, deps);
  if (queue) return accepted(c, queue, stored, base);
  const advanced = await advanceOr500(c, stored, deps);
  if (advanced instanceof Response) return advanced;
  return c.json(threadView(advanced, base), 200);
}

/** The queue this request's work goes to: with `Prefer: respond-async` (RFC 7240) or AGENT_EXECUTION=queue. */
function queueFor(c: Context, deps: AppDeps): AdvanceQueue | undefined {
  if (!deps.queue) return undefined; // without workers the preference is ignored, as RFC 7240 allows
  const prefersAsync = /(?:^|,)\s*respond-async\s*(?:[,;]|$)/i.test(c.req.header("prefer") ?? "");
  return deps.execution === "queue" || prefersAsync ? deps.queue : undefined;
}

/** 202: stored and queued; a worker runs the agent and the client polls GET /thread/:id. */
async function accepted(c: Context, queue: AdvanceQueue, thread: Thread, base: string): Promise<Response> {
  await queue.enqueue(thread.id);
  c.header("Preference-Applied", "respond-async");
  return c.json({ thread_id: thread.id, status: statusOf(thread.events), response_url: responseUrl(thread.id, base) }, 202);
}

/** Runs the agent; if it breaks, the 500 still says which thread to look at. */
async function advanceOr500(c: Context, thread: Thread, deps: AppDeps): Promise<Thread | Response> {
  try {
    return await advance(thread, deps);
  } catch (error) {
    if (error instanceof VersionConflictError) throw error;
    console.error(`thread ${thread.id}: the agent failed:`, error);
    return jsonError(c, 500, "the agent failed while working on this thread; the server log has the details", {
      thread_id: thread.id,
      response_url: responseUrl(thread.id, basePathOf(c, deps.basePath)),
    });
  }
}
