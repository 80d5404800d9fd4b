import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { statusOf, type Thread } from "../../src/agent/thread.ts";
import { threadIdForKey } from "../../src/http/idempotency.ts";
import { FileThreadStore } from "../../src/store/file-store.ts";
import { random, scale, SEED, seedNote, TIMEOUT_MS, type Random } from "../chaos/helpers/chaos.ts";
import { historyProblems, randomTask, strayEffects, type Task } from "../chaos/helpers/history.ts";
import { readLedger } from "../helpers/recording-tool.ts";

// The server in a child process, killed with SIGKILL at random moments while
// clients start threads and approve calls, then started again, over and over.
// Afterwards every thread must hold exactly the history of an undisturbed run,
// every side effect must have happened once, and no thread may be started twice.

const serverEntry = fileURLToPath(new URL("./helpers/chaos-server.ts", import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface Child {
  url: string;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<number | null>;
  stderr(): string;
}

async function startChild(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, [serverEntry], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const found = /listening on (\S+)/.exec(stdout)?.[1];
      if (found) {
        clearInterval(timer);
        resolve(found);
      }
    }, 2);
    exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`chaos server exited with ${code}: ${stderr}`));
    });
  });
  return { url, kill: (signal) => child.kill(signal), exited, stderr: () => stderr };
}

interface Tally {
  /** Responses with a 5xx status: there must be none. */
  serverErrors: string[];
}

/**
 * A client working through its tasks until the server goes away: start the thread
 * (its Idempotency-Key is the task's name, so a retry finds it), approve what waits,
 * wait while it runs. Resolves once every task is done or the server is gone.
 */
async function drive(url: string, tasks: readonly Task[], tally: Tally, rnd: Random, deadline = Infinity): Promise<void> {
  await Promise.all(
    tasks.map(async (task) => {
      const id = threadIdForKey(task.name);
      try {
        while (Date.now() < deadline) {
          const read = await fetch(`${url}/thread/${id}`);
          const view = (await read.json()) as { status?: string; events?: Thread["events"] };
          let res: Response | undefined;
          if (read.status === 404) {
            res = await post(`${url}/thread`, { message: task.message }, task.name);
          } else if (view.status === "awaiting_approval") {
            const callId = (view.events?.at(-1)?.data as { call_id: string }).call_id;
            res = await post(`${url}/thread/${id}/response`, { type: "approval", approved: true }, `${task.name}:${callId}`);
          } else if (view.status === "running") {
            await new Promise((resolve) => setTimeout(resolve, rnd.int(1, 10)));
          } else {
            return; // done (or failed, which the history check reports)
          }
          if (res) {
            if (res.status >= 500) tally.serverErrors.push(`${res.status} ${await res.text()}`);
            else await res.body?.cancel();
          }
        }
      } catch {
        // The server was killed under this request: the next process carries on.
      }
    }),
  );
}

function post(url: string, body: unknown, key: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify(body),
  });
}

describe("SIGKILL at random moments (file store)", () => {
  it("loses nothing and does nothing twice", { timeout: TIMEOUT_MS }, async () => {
    const rnd = random();
    const dir = await mkdtemp(path.join(tmpdir(), "kill-server-"));
    dirs.push(dir);
    const env = {
      PATH: process.env.PATH ?? "",
      AGENT_DATA_DIR: path.join(dir, "threads"),
      LEDGER_DIR: path.join(dir, "ledger"),
    };
    const store = new FileThreadStore(env.AGENT_DATA_DIR);
    const tasks: Task[] = [];
    const addTasks = (n: number) => {
      for (let i = 0; i < n; i++) tasks.push(randomTask(rnd, `k${tasks.length}`, 4));
    };
    const tally: Tally = { serverErrors: [] };
    const target = scale(12, 200);
    let kills = 0;
    let leftRunning = 0;
    addTasks(6);

    while (kills < target) {
      const child = await startChild({ ...env, CHAOS_SEED: String(SEED + kills) });
      const driving = drive(child.url, tasks, tally, rnd);
      await new Promise((resolve) => setTimeout(resolve, rnd.int(0, 200)));
      child.kill("SIGKILL");
      await child.exited;
      await driving;
      kills++;
      const summaries = await store.list();
      leftRunning += summaries.filter((s) => s.status === "running").length;
      // Keep the server busy: new work once the old is done.
      if (summaries.length === tasks.length && summaries.every((s) => s.status === "done")) addTasks(rnd.int(3, 6));
    }

    // The last process runs until every thread is done, then stops cleanly.
    const last = await startChild({ ...env, CHAOS_SEED: String(SEED + kills) });
    // A thread still not done after this is stuck, and the history check says which.
    await drive(last.url, tasks, tally, rnd, Date.now() + 10_000);
    last.kill("SIGTERM");
    await last.exited;

    const { effects, attempts } = readLedger(env.LEDGER_DIR);
    const threads: Thread[] = [];
    const problems: string[] = [...tally.serverErrors];
    for (const task of tasks) {
      const thread = await store.get(threadIdForKey(task.name));
      if (!thread) problems.push(`thread ${task.name} is missing`);
      else {
        threads.push(thread);
        problems.push(...historyProblems(thread, task, effects));
      }
    }
    problems.push(...strayEffects(threads, effects).map((key) => `an effect no thread accounts for: ${key}`));
    expect(problems, seedNote("kill-server")).toEqual([]);
    expect((await store.list()).length, "threads started twice").toBe(tasks.length);
    expect(threads.every((t) => statusOf(t.events) === "done")).toBe(true);
    expect(last.stderr()).toBe("");

    const events = threads.reduce((n, t) => n + t.events.length, 0);
    console.log(
      `kill-server: ${kills} SIGKILLs survived; ${leftRunning} threads found mid-run after a kill; ` +
        `${tasks.length} threads, ${events} events checked; ${attempts.length - effects.size} steps ran again, ` +
        `${effects.size} effects made once each; 0 lost, 0 duplicated`,
    );
  });
});
