import { describe, expect, it } from "vitest";
import { advance } from "../src/agent/loop.ts";
import type { AdvanceQueue } from "../src/store/index.ts";
import { json, postJson, testApp } from "./helpers/http.ts";

// `Prefer: respond-async` and AGENT_EXECUTION=queue: the request stores the thread, queues
// it and answers 202; a worker (here: the test, calling advance) does the work.

/** The queue's contract as the API sees it, kept in memory: which threads were handed over. */
function memoryQueue(): AdvanceQueue & { queued: string[] } {
  const queued: string[] = [];
  return { queued, enqueue: async (id) => void queued.push(id), close: async () => {} };
}

const ASYNC = { Prefer: "respond-async" };

describe("Prefer: respond-async", () => {
  it("answers 202 at once, queues the thread, and GET shows the worker's outcome", async () => {
    const queue = memoryQueue();
    const { app, store, model } = testApp(
      [
        { tool: "multiply", input: { a: 3, b: 4 } },
        { tool: "done_for_now", input: { message: "12" } },
      ],
      { queue },
    );
    const res = await postJson(app, "/thread", { message: "what is 3 * 4?" }, ASYNC);
    expect(res.status).toBe(202);
    expect(res.headers.get("preference-applied")).toBe("respond-async");
    const body = await json(res);
    expect(body).toEqual({ thread_id: body.thread_id, status: "running", response_url: `/thread/${body.thread_id}/response` });
    expect(res.headers.get("location")).toBe(`/thread/${body.thread_id}`);
    expect(queue.queued).toEqual([body.thread_id]);
    expect(model.doGenerateCalls).toHaveLength(0);

    await advance((await store.get(body.thread_id))!, { model, store });
    const polled = await json(await app.request(`/thread/${body.thread_id}`));
    expect(polled.status).toBe("done");
    expect(polled.events.at(-1).data).toEqual({ message: "12" });
  });

  it("queues an answer too, after recording it: a second answer to the same question gets 409", async () => {
    const queue = memoryQueue();
    const { app, store, model } = testApp(
      [
        { tool: "divide", input: { a: 3, b: 4 } },
        { tool: "done_for_now", input: { message: "0.75" } },
      ],
      { queue },
    );
    const started = await json(await postJson(app, "/thread", { message: "3 / 4?" }));
    expect(started.status).toBe("awaiting_approval");

    const approve = { type: "approval", approved: true };
    const [first, second] = await Promise.all([
      postJson(app, started.response_url, approve, ASYNC),
      postJson(app, started.response_url, approve, ASYNC),
    ]);
    expect([first.status, second.status].sort()).toEqual([202, 409]);
    expect(queue.queued).toEqual([started.thread_id]);
    const stored = (await store.get(started.thread_id))!;
    expect(stored.events.at(-1)).toMatchObject({ type: "approval_response", data: { approved: true } });

    await advance(stored, { model, store });
    expect((await json(await app.request(`/thread/${started.thread_id}`))).status).toBe("done");
  });

  it("is ignored without a queue: the request runs the agent itself (RFC 7240 allows it)", async () => {
    const { app } = testApp([{ tool: "done_for_now", input: { message: "hi" } }]);
    const res = await postJson(app, "/thread", { message: "hi" }, ASYNC);
    expect(res.status).toBe(201);
    expect(res.headers.get("preference-applied")).toBeNull();
    expect((await json(res)).status).toBe("done");
  });

  it("is read among other preferences, and only as a whole token", async () => {
    const queue = memoryQueue();
    const { app } = testApp([{ tool: "done_for_now", input: { message: "hi" } }], { queue });
    expect((await postJson(app, "/thread", { message: "a" }, { Prefer: "return=minimal, respond-async; wait=5" })).status).toBe(202);
    expect((await postJson(app, "/thread", { message: "b" }, { Prefer: "respond-asyncish" })).status).toBe(201);
  });
});

describe("AGENT_EXECUTION=queue", () => {
  it("queues every start and answer, header or not", async () => {
    const queue = memoryQueue();
    const { app } = testApp([], { queue, execution: "queue" });
    const res = await postJson(app, "/thread", { message: "hi" });
    expect(res.status).toBe(202);
    expect(queue.queued).toEqual([(await json(res)).thread_id]);
  });
});
