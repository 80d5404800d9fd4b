import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { AgentEvent } from "../src/agent/events.ts";
import { advance } from "../src/agent/loop.ts";
import { newThread, statusOf } from "../src/agent/thread.ts";
import { VersionConflictError } from "../src/store/types.ts";
import { doneForNow } from "../src/tools/done-for-now.ts";
import { defineTool } from "../src/tools/types.ts";
import { answer, setup, types } from "./helpers/agent.ts";
import { scriptedModel } from "./helpers/scripted-model.ts";

describe("resuming", () => {
  function countingTool() {
    const runs: string[] = [];
    const charge = defineTool({
      name: "charge", description: "Charge the card.", kind: "action", requiresApproval: true,
      inputSchema: z.object({ cents: z.number() }),
      execute: (_input, { idempotencyKey }) => {
        runs.push(idempotencyKey);
        return "charged";
      },
    });
    return { charge, runs };
  }

  it("runs an approved call exactly once, even when advance is called twice", async () => {
    const { charge, runs } = countingTool();
    const { store, deps, start } = setup(
      [{ tool: "charge", input: { cents: 500 } }, { tool: "done_for_now", input: { message: "charged" } }],
      { tools: [charge, doneForNow] },
    );
    const paused = await advance(await start("charge 5 dollars"), deps);
    const approved = await answer(store, paused, { type: "approval", approved: true });

    const first = await advance(approved, deps);
    // A second worker holding the same (now stale) copy picks the thread up again.
    const second = await advance(approved, deps);

    expect(runs).toEqual([`${paused.id}:1`]);
    expect(second).toEqual(first);
  });

  it("runs a step once when two writers resume the thread at the same moment", async () => {
    const { charge, runs } = countingTool();
    const { store, deps, start } = setup(
      [{ tool: "charge", input: { cents: 500 } }, { tool: "done_for_now", input: { message: "charged" } }],
      { tools: [charge, doneForNow] },
    );
    const paused = await advance(await start("charge 5 dollars"), deps);
    const approved = await answer(store, paused, { type: "approval", approved: true });

    // Both read the same version; the claim written before the tool runs lets one through.
    const [a, b] = await Promise.allSettled([advance(approved, deps), advance(approved, deps)]);
    expect(runs).toEqual([`${paused.id}:1`]);
    const lost = [a, b].filter((r) => r.status === "rejected");
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(VersionConflictError);
    expect(statusOf((await store.get(paused.id))!.events)).toBe("done");
  });

  it("runs an approved call left behind by a crash, without asking the model again", async () => {
    const { charge, runs } = countingTool();
    const { store, model, deps } = setup([{ tool: "done_for_now", input: { message: "charged" } }], {
      tools: [charge, doneForNow],
    });
    // As stored by a process that died right after the approval was recorded.
    const at = new Date().toISOString();
    const events: AgentEvent[] = [
      { type: "user_message", at, data: { message: "charge 5 dollars" } },
      { type: "tool_call", at, data: { call_id: "c1", tool: "charge", input: { cents: 500 } } },
      { type: "approval_request", at, data: { call_id: "c1", tool: "charge", input: { cents: 500 } } },
      { type: "approval_response", at, data: { call_id: "c1", approved: true } },
    ];
    const stored = await store.create({ ...newThread("charge 5 dollars"), events });

    const thread = await advance(stored, deps);
    expect(runs).toEqual([`${stored.id}:1`]);
    expect(types(thread).slice(4)).toEqual(["tool_result", "tool_call", "done"]);
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it("never runs a call whose result is already recorded", async () => {
    const { charge, runs } = countingTool();
    const { store, deps } = setup([{ tool: "done_for_now", input: { message: "charged" } }], {
      tools: [charge, doneForNow],
    });
    const at = new Date().toISOString();
    const stored = await store.create({
      ...newThread("charge 5 dollars"),
      events: [
        { type: "user_message", at, data: { message: "charge 5 dollars" } },
        { type: "tool_call", at, data: { call_id: "c1", tool: "charge", input: { cents: 500 } } },
        { type: "approval_request", at, data: { call_id: "c1", tool: "charge", input: { cents: 500 } } },
        { type: "approval_response", at, data: { call_id: "c1", approved: true } },
        { type: "tool_result", at, data: { call_id: "c1", tool: "charge", output: "charged" } },
      ],
    });
    const thread = await advance(stored, deps);
    expect(runs).toEqual([]);
    expect(statusOf(thread.events)).toBe("done");
  });

  it("throws VersionConflictError when another writer changes the thread meanwhile", async () => {
    const { store, deps, start } = setup([]);
    const thread = await start("hello");
    const model = scriptedModel([{ tool: "done_for_now", input: { message: "hi" } }]);
    const answerStep = model.doGenerate;
    model.doGenerate = async (options) => {
      const other = await store.get(thread.id);
      if (other) await store.update(other, other.version); // someone else writes first
      return answerStep(options);
    };
    await expect(advance(thread, { ...deps, model })).rejects.toBeInstanceOf(VersionConflictError);
  });

  it("refuses a thread that was never stored", async () => {
    const { deps } = setup([]);
    await expect(advance(newThread("hello"), deps)).rejects.toThrow(/store\.create\(\)/);
  });
});
