import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Hono } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import { startServer } from "../../src/http/start-server.ts";
import { FileThreadStore } from "../../src/store/file-store.ts";
import { MemoryThreadStore } from "../../src/store/memory-store.ts";
import type { ThreadStore } from "../../src/store/types.ts";
import { tools } from "../../src/tools/index.ts";
import { planMessage, planModel } from "../helpers/plan-model.ts";
import { readLedger, recordingTool } from "../helpers/recording-tool.ts";
import { random, scale, seedNote, TIMEOUT_MS } from "../chaos/helpers/chaos.ts";

// Many people answer the same paused call at the same moment. Exactly one answer
// is applied, everyone else is told 409, and the gated step runs once.

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "race-"));
  dirs.push(dir);
  return dir;
}

const stores: Array<[string, (dir: string) => ThreadStore]> = [
  ["memory store", () => new MemoryThreadStore()],
  ["file store", (dir) => new FileThreadStore(path.join(dir, "threads"))],
];

type Send = (path: string, init?: RequestInit) => Response | Promise<Response>;

/** A thread whose one step, a side effect, waits for a human's approval. */
async function pausedThread(send: Send) {
  const started = await send("/thread", json({ message: planMessage("race", [{ tool: "record", input: { note: "approved" } }]) }));
  const body = (await started.json()) as { thread_id: string; status: string; response_url: string };
  expect(body.status).toBe("awaiting_approval");
  return body;
}

function json(body: unknown): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

async function appFor(makeStore: (dir: string) => ThreadStore): Promise<{ app: Hono; ledger: string }> {
  const dir = await tempDir();
  const ledger = path.join(dir, "ledger");
  const gated = { ...recordingTool(ledger), requiresApproval: true };
  const app = createApp({ model: planModel(), store: makeStore(dir), tools: [...tools, gated], maxRetries: 0 });
  return { app, ledger };
}

describe.each(stores)("50 answers at once (%s)", (name, makeStore) => {
  const rnd = random();
  const rounds = scale(1, 100);
  const tally = { applied: 0, refused: 0 };
  afterAll(() => console.log(`race, ${name}: ${tally.applied} answers applied, ${tally.refused} refused with 409, 0 applied twice`));

  /** Sends 50 answers at once and checks that one was applied and the step ran once. */
  async function race(send: Send, ledger: string, answers: () => { approved: boolean; comment?: string }) {
    const paused = await pausedThread(send);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => send(paused.response_url, json({ type: "approval", ...answers() }))),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses, seedNote(name)).toEqual([200, ...Array(49).fill(409)]);
    tally.applied += 1;
    tally.refused += 49;

    const final = (await (await send(`/thread/${paused.thread_id}`)).json()) as { status: string; events: Array<{ type: string; data: { approved?: boolean } }> };
    expect(final.status).toBe("done");
    const decisions = final.events.filter((e) => e.type === "approval_response");
    expect(decisions).toHaveLength(1);
    const approved = decisions[0]?.data.approved === true;
    expect(final.events.filter((e) => e.type === "tool_result")).toHaveLength(1);
    // Approved: the effect was made once, whoever won. Denied: not at all.
    const { attempts } = readLedger(ledger);
    expect(attempts.filter((key) => key.startsWith(`${paused.thread_id}:`))).toHaveLength(approved ? 1 : 0);
  }

  it("50 approvals: one applied, 49 × 409, the approved step runs once", { timeout: TIMEOUT_MS }, async () => {
    for (let round = 0; round < rounds; round++) {
      const { app, ledger } = await appFor(makeStore);
      await race((p, init) => app.request(p, init), ledger, () => ({ approved: true }));
    }
  });

  it("approvals and denials mixed: exactly one decision is recorded", { timeout: TIMEOUT_MS }, async () => {
    for (let round = 0; round < rounds; round++) {
      const { app, ledger } = await appFor(makeStore);
      await race((p, init) => app.request(p, init), ledger, () =>
        rnd.chance(0.5) ? { approved: true } : { approved: false, comment: "no" },
      );
    }
  });

  it("50 approvals over real sockets", { timeout: TIMEOUT_MS }, async () => {
    const { app, ledger } = await appFor(makeStore);
    const server = await startServer(app, { host: "127.0.0.1", port: 0 });
    try {
      await race((p, init) => fetch(`${server.url}${p}`, init), ledger, () => ({ approved: true }));
    } finally {
      await server.close();
    }
  });
});
