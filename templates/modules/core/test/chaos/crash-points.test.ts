import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyAnswer } from "../../src/agent/answer.ts";
import { advance, type AgentDeps } from "../../src/agent/loop.ts";
import { resumeRunning } from "../../src/agent/resume.ts";
import { newThread, statusOf, type Thread, type ThreadStatus } from "../../src/agent/thread.ts";
import { FileThreadStore } from "../../src/store/file-store.ts";
import { MemoryThreadStore } from "../../src/store/memory-store.ts";
import type { ThreadStore, ThreadSummary } from "../../src/store/types.ts";
import { add } from "../../src/tools/add.ts";
import { divide } from "../../src/tools/divide.ts";
import { doneForNow } from "../../src/tools/done-for-now.ts";
import { multiply } from "../../src/tools/multiply.ts";
import { planModel } from "../helpers/plan-model.ts";
import { readLedger, recordingTool } from "../helpers/recording-tool.ts";
import { random, scale, seedNote, TIMEOUT_MS } from "./helpers/chaos.ts";
import { historyProblems, randomTask, strayEffects, type Task } from "./helpers/history.ts";

// The process dies at every point where dying matters: before or after each store
// write (an update, a claim, a create, an approval) and right after a tool's side
// effect, before its result is stored. Then "the next process" starts on the same
// store, resumes what was left running, and drives every thread to its end. Each
// thread must end with exactly the history an undisturbed run writes, and every
// side effect must have happened once.
//
// The death is simulated in-process (everything after it fails), which lets this
// test visit every point in turn; test/chaos/kill-server.test.ts in the HTTP module
// does the same with real SIGKILLs.

class Crash extends Error {
  constructor() {
    super("simulated crash: this process is dead");
  }
}

/** One run of the process, which dies at its `crashAt`-th operation (or never). */
class Life {
  ops = 0;
  dead = false;
  readonly crashAt: number;
  /** Whether a dying write reaches the disk first. */
  readonly writeLands: boolean;

  constructor(crashAt: number, writeLands: boolean) {
    this.crashAt = crashAt;
    this.writeLands = writeLands;
  }

  check(): void {
    if (this.dead) throw new Crash();
  }

  /** Counts one operation; true when the process dies at it. */
  diesHere(): boolean {
    this.check();
    this.dead = ++this.ops === this.crashAt;
    return this.dead;
  }
}

/** The store as one process sees it: nothing gets through once the process is dead. */
class DyingStore implements ThreadStore {
  readonly base: ThreadStore;
  readonly life: Life;

  constructor(base: ThreadStore, life: Life) {
    this.base = base;
    this.life = life;
  }

  async create(thread: Thread): Promise<Thread> {
    return this.#write(() => this.base.create(thread));
  }
  async update(thread: Thread, expectedVersion: number): Promise<Thread> {
    return this.#write(() => this.base.update(thread, expectedVersion));
  }
  async get(id: string): Promise<Thread | undefined> {
    this.life.check();
    return this.base.get(id);
  }
  async list(filter?: { status?: ThreadStatus }): Promise<ThreadSummary[]> {
    this.life.check();
    return this.base.list(filter);
  }

  async #write(write: () => Promise<Thread>): Promise<Thread> {
    if (!this.life.diesHere()) return write();
    if (this.life.writeLands) await write();
    throw new Crash();
  }
}

/** One process from start to death (or to the end of the work): resume, then drive every task. */
async function live(base: ThreadStore, ledger: string, tasks: readonly Task[], life: Life): Promise<"crashed" | "finished"> {
  const store = new DyingStore(base, life);
  const record = recordingTool(ledger, {
    beforeEffect: () => life.check(),
    afterEffect: () => {
      if (life.diesHere()) throw new Crash();
    },
  });
  const deps: AgentDeps = { model: planModel(), store, tools: [record, add, multiply, divide, doneForNow], maxRetries: 0 };
  // allSettled: every strand of this process must have stopped before the next one starts.
  await resumeRunning(deps);
  const results = await Promise.allSettled(tasks.map((task) => drive(task, deps)));
  const bug = results.find((r) => r.status === "rejected" && !(r.reason instanceof Crash) && !life.dead);
  if (bug?.status === "rejected") throw bug.reason;
  return life.dead ? "crashed" : "finished";
}

/** What a client does: start the thread if it is not there, approve what waits, until the thread ends. */
async function drive(task: Task, deps: AgentDeps): Promise<void> {
  let thread = (await deps.store.get(task.name)) ?? (await deps.store.create(newThread(task.message, new Date(), task.name)));
  for (;;) {
    const status = statusOf(thread.events);
    if (status === "done" || status === "failed") return;
    if (status === "awaiting_approval") {
      const approved = applyAnswer(thread, { type: "approval", approved: true });
      if (!approved.ok) throw new Error(approved.reason);
      thread = await deps.store.update(approved.thread, thread.version);
    }
    thread = await advance(thread, deps);
  }
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "crash-points-"));
  dirs.push(dir);
  return dir;
}

const stores: Array<[string, (dir: string) => ThreadStore]> = [
  ["memory store", () => new MemoryThreadStore()],
  ["file store", (dir) => new FileThreadStore(path.join(dir, "threads"))],
];

interface Scenario {
  tasks: Task[];
  /** Where each process in turn dies; the process after the last runs to the end. */
  deaths: Array<{ crashAt: number; writeLands: boolean }>;
}

/** Runs the processes of one scenario, then checks every thread and every effect. */
async function runScenario(makeStore: (dir: string) => ThreadStore, scenario: Scenario) {
  const dir = await tempDir();
  const base = makeStore(dir);
  const ledger = path.join(dir, "ledger");
  let crashes = 0;
  for (const death of scenario.deaths) {
    if ((await live(base, ledger, scenario.tasks, new Life(death.crashAt, death.writeLands))) === "crashed") crashes++;
  }
  const last = new Life(Infinity, false);
  expect(await live(base, ledger, scenario.tasks, last)).toBe("finished");

  const { effects, attempts } = readLedger(ledger);
  const threads: Thread[] = [];
  const problems: string[] = [];
  for (const task of scenario.tasks) {
    const thread = await base.get(task.name);
    if (!thread) {
      problems.push(`thread ${task.name} is missing`);
      continue;
    }
    threads.push(thread);
    problems.push(...historyProblems(thread, task, effects));
  }
  problems.push(...strayEffects(threads, effects).map((key) => `an effect no thread accounts for: ${key}`));
  expect(problems, seedNote(`deaths ${JSON.stringify(scenario.deaths)}`)).toEqual([]);
  return { crashes, reruns: attempts.length - effects.size, opsOfLastRun: last.ops };
}

describe.each(stores)("crash at every point (%s)", (name, makeStore) => {
  const rnd = random();
  const totals = { crashes: 0, reruns: 0 };
  afterAll(() => {
    console.log(`crash points, ${name}: ${totals.crashes} crashes survived, ${totals.reruns} steps ran again after a crash (effects still made once)`);
  });

  it("one crash, at each operation in turn, before or after its write lands", { timeout: TIMEOUT_MS }, async () => {
    const tasks = [randomTask(rnd, "a", scale(2, 4)), randomTask(rnd, "b", scale(2, 4))];
    // An undisturbed run counts the operations there are to die at.
    const { opsOfLastRun: ops } = await runScenario(makeStore, { tasks, deaths: [] });
    expect(ops).toBeGreaterThan(10);
    for (let crashAt = 1; crashAt <= ops; crashAt++) {
      for (const writeLands of [false, true]) {
        const result = await runScenario(makeStore, { tasks, deaths: [{ crashAt, writeLands }] });
        expect(result.crashes).toBe(1);
        totals.crashes += result.crashes;
        totals.reruns += result.reruns;
      }
    }
  });

  it("several crashes in a row, at random points", { timeout: TIMEOUT_MS }, async () => {
    for (let run = scale(10, 300); run > 0; run--) {
      const tasks = Array.from({ length: rnd.int(1, 4) }, (_, i) => randomTask(rnd, `t${i}`, 5));
      const deaths = Array.from({ length: rnd.int(1, 6) }, () => ({ crashAt: rnd.int(1, 25), writeLands: rnd.chance(0.5) }));
      const result = await runScenario(makeStore, { tasks, deaths });
      totals.crashes += result.crashes;
      totals.reruns += result.reruns;
    }
  });
});
