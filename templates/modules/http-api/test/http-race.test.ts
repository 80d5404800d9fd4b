import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { FileThreadStore } from "../src/store/file-store.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import type { ThreadStore } from "../src/store/types.ts";
import { tools } from "../src/tools/index.ts";
import { defineTool } from "../src/tools/types.ts";
import { json, postJson, testApp } from "./helpers/http.ts";

// Two people approve the same paused call at the same moment: one wins, the
// other is told it lost, and the gated tool runs once.

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const stores: Array<[string, () => Promise<ThreadStore>]> = [
  ["memory store", async () => new MemoryThreadStore()],
  [
    "file store",
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "http-race-"));
      dirs.push(dir);
      return new FileThreadStore(dir);
    },
  ],
];

describe.each(stores)("racing answers (%s)", (_name, makeStore) => {
  function setup(store: ThreadStore) {
    const executions: Array<{ amount: number; idempotencyKey: string }> = [];
    const transfer = defineTool({
      name: "transfer_money",
      description: "Moves money. Needs approval.",
      kind: "action",
      requiresApproval: true,
      inputSchema: z.object({ amount: z.number() }),
      execute: async ({ amount }, { idempotencyKey }) => {
        executions.push({ amount, idempotencyKey });
        return "sent";
      },
    });
    const { app } = testApp(
      [{ tool: "transfer_money", input: { amount: 100 } }, { tool: "done_for_now", input: { message: "sent 100" } }],
      { store, tools: [...tools, transfer] },
    );
    return { app, executions };
  }

  it("two concurrent approvals: one 200, one 409, the tool runs once", async () => {
    const { app, executions } = setup(await makeStore());
    const started = await json(await postJson(app, "/thread", { message: "send 100" }));
    expect(started.status).toBe("awaiting_approval");

    const approve = () => postJson(app, started.response_url, { type: "approval", approved: true });
    const results = await Promise.all([approve(), approve()]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(executions).toHaveLength(1);
    expect(executions[0]?.amount).toBe(100);

    const final = await json(await app.request(`/thread/${started.thread_id}`));
    expect(final.status).toBe("done");
    expect(final.events.filter((e: { type: string }) => e.type === "approval_response")).toHaveLength(1);
    expect(final.events.filter((e: { type: string }) => e.type === "tool_result")).toHaveLength(1);
  });

  it("approve racing reject: exactly one decision is recorded", async () => {
    const { app, executions } = setup(await makeStore());
    const started = await json(await postJson(app, "/thread", { message: "send 100" }));
    const results = await Promise.all([
      postJson(app, started.response_url, { type: "approval", approved: true }),
      postJson(app, started.response_url, { type: "approval", approved: false, comment: "no" }),
      postJson(app, started.response_url, { type: "approval", approved: true }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const final = await json(await app.request(`/thread/${started.thread_id}`));
    const decisions = final.events.filter((e: { type: string }) => e.type === "approval_response");
    expect(decisions).toHaveLength(1);
    expect(executions).toHaveLength(decisions[0].data.approved ? 1 : 0);
  });
});
