import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { AgentDeps } from "../src/agent/loop.ts";
import { event } from "../src/agent/events.ts";
import { newThread, statusOf, type Thread } from "../src/agent/thread.ts";
import { startWorker } from "../src/queue/advance-worker.ts";
import { startRecovery } from "../src/queue/recover-idle.ts";
import { ADVANCE_QUEUE, PgAdvanceQueue, type QueueSettings } from "../src/queue/pg-advance-queue.ts";
import { PgThreadStore } from "../src/store/pg-store.ts";
import type { ThreadStore } from "../src/store/types.ts";
import { doneForNow } from "../src/tools/done-for-now.ts";
import { defineTool, type AnyTool, type ToolContext } from "../src/tools/types.ts";
import { useTestDatabase, type TestSchema } from "./helpers/postgres.ts";
import { scriptedModel, type ScriptedStep } from "./helpers/scripted-model.ts";

// Workers against a real PostgreSQL and a real pg-boss, with short delays so
// retries and lost jobs play out in seconds.

const db = useTestDatabase();
const closing: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

const FAST: QueueSettings["queue"] = { retryLimit: 1, retryDelay: 1, retryDelayMax: 1 };

async function setup(queue: QueueSettings["queue"] = FAST) {
  const schema = await db.fresh();
  const store = await PgThreadStore.connect(schema.env);
  closing.push(() => store.close());
  return { schema, store, queue: await openQueue(schema, queue) };
}

async function openQueue(schema: TestSchema, queue: QueueSettings["queue"] = FAST) {
  const opened = await PgAdvanceQueue.open(schema.env, { schema: schema.queueSchema, queue, superviseIntervalSeconds: 1 });
  closing.push(() => opened.close(1_000));
  return opened;
}

function work(queue: PgAdvanceQueue, store: PgThreadStore, steps: ScriptedStep[], tools: AnyTool[], concurrency = 2) {
  const model = scriptedModel(steps);
  const deps: AgentDeps = { model, store, tools, maxRetries: 0 };
  return { model, started: startWorker(queue, deps, { concurrency, pollingIntervalSeconds: 0.5 }) };
}

/** A tool that counts its runs and can be held mid-run. */
function recorder(hold?: Promise<void>) {
  const runs: ToolContext[] = [];
  const tool = defineTool({
    name: "record",
    description: "Record a note.",
    kind: "action",
    inputSchema: z.object({ note: z.string() }),
    execute: async ({ note }, context) => {
      runs.push(context);
      await hold;
      return `recorded ${note}`;
    },
  });
  return { tool, runs };
}

async function until(store: PgThreadStore, id: string, done: (t: Thread) => boolean, ms = 15_000): Promise<Thread> {
  const deadline = Date.now() + ms;
  for (;;) {
    const thread = await store.get(id);
    if (thread && done(thread)) return thread;
    if (Date.now() > deadline) throw new Error(`thread ${id} did not get there in ${ms}ms: ${JSON.stringify(thread?.events.map((e) => e.type))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const finished = (t: Thread) => statusOf(t.events) !== "running";

/** The store, except that the writes `fails` picks throw as a dropped connection would. */
function failingWrites(store: ThreadStore, fails: (thread: Thread) => boolean): ThreadStore {
  return {
    create: (thread) => store.create(thread),
    get: (id) => store.get(id),
    list: (filter) => store.list(filter),
    update: async (thread, expected) => {
      if (fails(thread)) throw new Error("could not write: connection reset by peer");
      return store.update(thread, expected);
    },
  };
}

describe("npm run worker (pg-boss)", () => {
  it("advances a queued thread to its answer", async () => {
    const { store, queue } = await setup();
    const { tool, runs } = recorder();
    const { model, started } = work(queue, store, [
      { tool: "record", input: { note: "hello" } },
      { tool: "done_for_now", input: { message: "recorded hello" } },
    ], [tool, doneForNow]);
    await started;

    const thread = await store.create(newThread("record hello"));
    await queue.enqueue(thread.id);
    const done = await until(store, thread.id, finished);

    expect(done.events.map((e) => e.type)).toEqual(["user_message", "tool_call", "tool_result", "tool_call", "done"]);
    expect(done.events.at(-1)?.data).toEqual({ message: "recorded hello" });
    expect(runs).toHaveLength(1);
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it("starts queued work at once, not at its next poll", async () => {
    const { store, queue } = await setup();
    const model = scriptedModel([{ tool: "done_for_now", input: { message: "hi" } }]);
    // A poll 60 s away: only the wake-up that sending a job gives can start it in time.
    await startWorker(queue, { model, store, tools: [doneForNow], maxRetries: 0 }, { concurrency: 1, pollingIntervalSeconds: 60 });
    await new Promise((resolve) => setTimeout(resolve, 500)); // the worker's first, empty look is over

    const thread = await store.create(newThread("say hi"));
    const sent = Date.now();
    await queue.enqueue(thread.id);
    await until(store, thread.id, finished, 10_000);

    expect(Date.now() - sent).toBeLessThan(10_000);
  });

  it("runs one job per thread, however often the thread is queued", async () => {
    const { store, queue } = await setup();
    let release!: () => void;
    const { tool, runs } = recorder(new Promise((resolve) => (release = resolve)));
    const { model, started } = work(queue, store, [
      { tool: "record", input: { note: "once" } },
      { tool: "done_for_now", input: { message: "ok" } },
    ], [tool, doneForNow], 4);
    await started;

    const thread = await store.create(newThread("record once"));
    await Promise.all(Array.from({ length: 5 }, () => queue.enqueue(thread.id)));
    await until(store, thread.id, (t) => t.events.some((e) => e.type === "tool_call"));
    await Promise.all(Array.from({ length: 5 }, () => queue.enqueue(thread.id))); // while its job runs
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // room for a second job to (wrongly) start
    release();
    await until(store, thread.id, finished);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // and for the queued one to run and find nothing to do

    expect(runs).toHaveLength(1);
    expect(model.doGenerateCalls).toHaveLength(2); // a third call would throw: the script has two steps
    expect((await store.get(thread.id))?.events.filter((e) => e.type === "tool_result")).toHaveLength(1);
  });

  it("retries a failing job, then fails the thread with the error in its events", async () => {
    const { store, queue } = await setup();
    // A database that takes every write but the one recording the failure.
    let attempts = 0;
    const flaky = failingWrites(store, (thread) => {
      if (thread.events.at(-1)?.type === "failed") return false;
      attempts++;
      return true;
    });
    const steps: ScriptedStep[] = [
      { tool: "done_for_now", input: { message: "never stored" } },
      { tool: "done_for_now", input: { message: "never stored" } },
    ];
    await startWorker(queue, { model: scriptedModel(steps), store: flaky, tools: [doneForNow], maxRetries: 0 }, {
      concurrency: 1,
      pollingIntervalSeconds: 0.5,
    });

    const thread = await store.create(newThread("hi"));
    await queue.enqueue(thread.id);
    const failed = await until(store, thread.id, finished);

    expect(attempts).toBe(2); // the first try and FAST's one retry
    expect(statusOf(failed.events)).toBe("failed");
    expect(failed.events.at(-1)?.data).toEqual({
      reason: "a worker could not advance the thread after 2 attempts: could not write: connection reset by peer",
    });
  });

  it("leaves a thread running when its job gives up while another of its jobs waits to retry", async () => {
    const { store, queue } = await setup();
    // The first two writes fail: the first job's, then the second job's.
    let failures = 0;
    const flaky = failingWrites(store, (thread) => {
      if (failures === 2 || thread.events.at(-1)?.type === "failed") return false;
      failures++;
      return true;
    });
    const answer: ScriptedStep = { tool: "done_for_now", input: { message: "made it" } };
    await startWorker(queue, { model: scriptedModel([answer, answer, answer]), store: flaky, tools: [doneForNow], maxRetries: 0 }, {
      concurrency: 1,
      pollingIntervalSeconds: 0.5,
    });

    const thread = await store.create(newThread("hi"));
    await queue.enqueue(thread.id);
    await until(store, thread.id, () => failures === 1);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the first job now waits ~1 s to retry
    // A second job for the thread fails too, with its retry slot taken: pg-boss gives it up at once.
    await queue.enqueue(thread.id);
    const done = await until(store, thread.id, finished);

    expect(failures).toBe(2);
    expect(done.events.map((e) => e.type)).toEqual(["user_message", "tool_call", "done"]);
  });

  it("hands the job of a worker that went silent mid-step to another, and what was stored is applied once", async () => {
    // A stand-in for a worker killed with SIGKILL: its job expires after 2s. Heartbeats are
    // off because in one process the frozen worker's heartbeat timer would keep ticking.
    const settings = { ...FAST, expireInSeconds: 2 };
    const { schema, store, queue: first } = await setup(settings);
    await first.boss.updateQueue(ADVANCE_QUEUE, { heartbeatSeconds: null });
    let thaw!: () => void;
    const frozen = recorder(new Promise((resolve) => (thaw = resolve)));
    await work(first, store, [{ tool: "record", input: { note: "x" } }], [frozen.tool, doneForNow], 1).started;

    const thread = await store.create(newThread("record x"));
    await first.enqueue(thread.id);
    await until(store, thread.id, () => frozen.runs.length === 1); // stuck inside the tool

    const second = await openQueue(schema, settings);
    const healthy = recorder();
    await work(second, store, [{ tool: "done_for_now", input: { message: "recorded x" } }], [healthy.tool, doneForNow], 1).started;
    const done = await until(store, thread.id, finished);

    expect(done.events.map((e) => e.type)).toEqual(["user_message", "tool_call", "tool_result", "tool_call", "done"]);
    expect(healthy.runs).toHaveLength(1);
    // At least once: the tool ran again, with the same key, so it can tell.
    expect(healthy.runs[0]?.idempotencyKey).toBe(frozen.runs[0]?.idempotencyKey);

    // The frozen worker wakes up and tries to record its result: the version check refuses it.
    thaw();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await store.get(thread.id)).toEqual(done);
  });

  it("on close, takes no new jobs and finishes the one in hand", async () => {
    const { schema, store, queue } = await setup();
    let release!: () => void;
    const { tool } = recorder(new Promise((resolve) => (release = resolve)));
    await work(queue, store, [
      { tool: "record", input: { note: "a" } },
      { tool: "done_for_now", input: { message: "a" } },
    ], [tool, doneForNow]).started;

    const a = await store.create(newThread("a"));
    await queue.enqueue(a.id);
    await until(store, a.id, (t) => t.events.some((e) => e.type === "tool_call"));
    const closed = queue.close(10_000);
    setTimeout(release, 300);
    await closed;
    expect(statusOf((await store.get(a.id))!.events)).toBe("done");

    const sender = await openQueue(schema);
    const b = await store.create(newThread("b"));
    await sender.enqueue(b.id);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await store.get(b.id))?.events).toHaveLength(1);
  });
  it("finishes a thread a dead process left running, once it has been idle long enough, and leaves busy ones alone", async () => {
    const { store, queue } = await setup();
    await work(queue, store, [], [doneForNow]).started; // the stored call finishes the thread: no model call
    // As a server killed mid-request leaves it: the final call stored, not yet settled, nothing queued.
    const left = await store.create({
      ...newThread("say hi"),
      events: [...newThread("say hi").events, event("tool_call", { call_id: "c1", tool: "done_for_now", input: { message: "hi" } })],
    });
    await store.pool.query("UPDATE threads SET updated_at = now() - interval '10 minutes' WHERE id = $1", [left.id]);
    const busy = await store.create(newThread("being advanced elsewhere right now"));

    const recovery = startRecovery(store, (threadId) => queue.enqueue(threadId), { idleSeconds: 60, everySeconds: 1 });
    closing.push(async () => recovery.stop());
    const done = await until(store, left.id, finished);
    expect(done.events.at(-1)).toMatchObject({ type: "done", data: { message: "hi" } });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await store.get(busy.id)).toEqual(busy);
  });
});
