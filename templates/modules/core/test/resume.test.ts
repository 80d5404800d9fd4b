import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { AgentEvent } from "../src/agent/events.ts";
import { advance } from "../src/agent/loop.ts";
import { resumeRunning } from "../src/agent/resume.ts";
import { newThread, statusOf, type Thread } from "../src/agent/thread.ts";
import { FileThreadStore } from "../src/store/file-store.ts";
import { MemoryThreadStore } from "../src/store/memory-store.ts";
import { UnreadableThreadError } from "../src/store/types.ts";
import { doneForNow } from "../src/tools/done-for-now.ts";
import { defineTool } from "../src/tools/types.ts";
import { setup } from "./helpers/agent.ts";

// After a crash, threads left `running` are picked up from their last stored event.

const at = new Date().toISOString();

/** A thread as a process killed right after it recorded these events would leave it. */
function leftRunning(id: string, events: AgentEvent[]): Thread {
  return { ...newThread("multiply 3 and 4", new Date(at), id), events: [{ type: "user_message", at, data: { message: "multiply 3 and 4" } }, ...events] };
}

describe("resumeRunning", () => {
  it("advances every thread left running and leaves paused and finished ones as they are", async () => {
    const { store, model, deps } = setup([{ tool: "done_for_now", input: { message: "12" } }]);
    // Killed before the call's result was stored: the call runs, then the model finishes.
    await store.create(leftRunning("a", [{ type: "tool_call", at, data: { call_id: "c1", tool: "multiply", input: { a: 3, b: 4 } } }]));
    // Killed after the final call was stored: finishing needs no model call.
    await store.create(leftRunning("b", [{ type: "tool_call", at, data: { call_id: "c1", tool: "done_for_now", input: { message: "done" } } }]));
    const paused = await store.create(leftRunning("c", [
      { type: "tool_call", at, data: { call_id: "c1", tool: "divide", input: { a: 1, b: 2 } } },
      { type: "approval_request", at, data: { call_id: "c1", tool: "divide", input: { a: 1, b: 2 } } },
    ]));

    const outcomes = await resumeRunning(deps, { concurrency: 1 });

    expect(outcomes.toSorted((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: "a", status: "done" },
      { id: "b", status: "done" },
    ]);
    const a = await store.get("a");
    expect(a?.events.map((e) => e.type)).toEqual(["user_message", "tool_call", "tool_result", "tool_call", "done"]);
    expect(a?.events[2]).toMatchObject({ data: { call_id: "c1", output: 12 } });
    expect((await store.get("b"))?.events.at(-1)).toMatchObject({ type: "done", data: { message: "done" } });
    expect(await store.get("c")).toEqual(paused);
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it("reports a thread it cannot advance and still resumes the others", async () => {
    class FailingFor extends MemoryThreadStore {
      override async update(thread: Thread, expectedVersion: number): Promise<Thread> {
        if (thread.id === "broken") throw new Error("EIO: disk on fire");
        return super.update(thread, expectedVersion);
      }
    }
    const store = new FailingFor();
    const { deps } = setup([], { store });
    const call: AgentEvent = { type: "tool_call", at, data: { call_id: "c1", tool: "done_for_now", input: { message: "ok" } } };
    await store.create(leftRunning("broken", [call]));
    await store.create(leftRunning("fine", [call]));

    const outcomes = await resumeRunning(deps);
    expect(outcomes.toSorted((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: "broken", error: "EIO: disk on fire" },
      { id: "fine", status: "done" },
    ]);
    expect(statusOf((await store.get("broken"))!.events)).toBe("running");
  });

  it("has nothing to do when no thread is running", async () => {
    const { deps, start } = setup([{ tool: "done_for_now", input: { message: "hi" } }]);
    await advance(await start("hello"), deps);
    expect(await resumeRunning(deps)).toEqual([]);
  });

  it("refuses a thread of an unknown schema version before anything runs", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "resume-"));
    try {
      const runs: string[] = [];
      const charge = defineTool({
        name: "charge", description: "Charge the card.", kind: "action",
        inputSchema: z.object({ cents: z.number() }),
        execute: (_input, { idempotencyKey }) => runs.push(idempotencyKey),
      });
      const store = new FileThreadStore(dir);
      const { deps } = setup([], { store, tools: [charge, doneForNow] });
      // Written by a later version of this code: an approved charge waits to run.
      const future = {
        ...leftRunning("future", [{ type: "tool_call", at, data: { call_id: "c1", tool: "charge", input: { cents: 500 } } }]),
        schema_version: 2,
        version: 3,
      };
      const file = path.join(dir, "future.json");
      await writeFile(file, JSON.stringify(future));

      await expect(advance(future as unknown as Thread, deps)).rejects.toBeInstanceOf(UnreadableThreadError);
      await expect(resumeRunning(deps)).rejects.toThrow(/schema_version 2, but this code reads version 1/);
      expect(runs).toEqual([]);
      expect(await readFile(file, "utf8")).toBe(JSON.stringify(future));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
