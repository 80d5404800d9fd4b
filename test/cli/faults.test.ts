import { createHash } from "node:crypto";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCli, tempDir } from "../support/run-cli.ts";

// Ctrl-C at random moments while create, add and generate run. Afterwards the
// directory must hold either exactly what an uninterrupted run leaves, or exactly
// what was there before: never a half-written project, never a partly edited file
// of the user's, never a stray temp file.

const RUNS = 50;

/** path -> content hash of every file under dir. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), createHash("sha256").update(readFileSync(path)).digest("hex"));
  }
  return files;
}

function describeDifference(actual: Map<string, string>, expected: Map<string, string>): string[] {
  const paths = new Set([...actual.keys(), ...expected.keys()]);
  return [...paths].filter((p) => actual.get(p) !== expected.get(p)).map((p) =>
    !actual.has(p) ? `missing ${p}` : !expected.has(p) ? `extra ${p}` : `different ${p}`,
  );
}

const same = (a: Map<string, string>, b: Map<string, string>) => describeDifference(a, b).length === 0;

interface Scenario {
  args: string[];
  /** A fresh directory for one run, as the user has it before the command. */
  prepare(): string;
}

interface Tally {
  /** Interrupted before anything was written: the directory is as it was. */
  unchanged: number;
  /** Interrupted during or after the write: the whole result is there. */
  complete: number;
  /** Runs the signal actually interrupted (not already finished). */
  interrupted: number;
}

const tallies = new Map<string, Tally>();
afterAll(() => {
  for (const [name, t] of tallies) {
    console.log(`faults, ${name}: ${RUNS} SIGINTs, ${t.interrupted} interrupted a running command; ${t.unchanged} left no change, ${t.complete} the full result; 0 partial`);
  }
});

/** Runs the command once undisturbed (the expected result and how long it takes), then RUNS times with a SIGINT. */
async function sweep(name: string, scenario: Scenario): Promise<Tally> {
  const reference = scenario.prepare();
  const before = snapshot(reference);
  const started = Date.now();
  const finished = await run(scenario.args, reference, Infinity);
  const duration = Date.now() - started;
  expect(finished.code, `${name} without a signal`).toBe(0);
  const after = snapshot(reference);
  expect(same(before, after), `${name} changes something`).toBe(false);

  const tally: Tally = { unchanged: 0, complete: 0, interrupted: 0 };
  for (let i = 0; i < RUNS; i++) {
    // Spread over the whole run, from start-up to a little past its end.
    const delay = Math.round(((i + Math.random()) / RUNS) * duration * 1.2);
    const dir = scenario.prepare();
    const outcome = await run(scenario.args, dir, delay);
    if (outcome.code !== 0) tally.interrupted++;
    const now = snapshot(dir);
    const temps = [...now.keys()].filter((p) => p.split(/[\\/]/).some((part) => part.endsWith(".tmp")));
    expect(temps, `${name}, SIGINT after ${delay} ms: temp files`).toEqual([]);
    if (same(now, before)) tally.unchanged++;
    else if (same(now, after)) tally.complete++;
    else expect.fail(`${name}, SIGINT after ${delay} ms left a partial result:\n${describeDifference(now, after).join("\n")}`);
  }
  tallies.set(name, tally);
  return tally;
}

function run(args: string[], cwd: string, signalAfterMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = startCli(args, { cwd });
  child.stdin.end();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  if (Number.isFinite(signalAfterMs)) {
    const timer = setTimeout(() => child.kill("SIGINT"), signalAfterMs);
    void exited.then(() => clearTimeout(timer));
  }
  return exited;
}

let created: string;
beforeAll(() => {
  const cwd = tempDir("c12fa-faults-");
  const result = runCli(["demo", "--yes", "--no-install", "--no-git"], { cwd });
  expect(result.code, result.stderr).toBe(0);
  created = join(cwd, "demo");
});

describe("SIGINT at random moments", () => {
  it("create: no directory, or the whole project", { timeout: 300_000 }, async () => {
    const tally = await sweep("create", {
      args: ["my-agent", "--yes", "--no-install", "--no-git"],
      prepare: () => tempDir("c12fa-faults-create-"),
    });
    expect(tally.unchanged).toBeGreaterThan(0);
    expect(tally.complete).toBeGreaterThan(0);
  });

  it("generate tool: no change, or the tool, its test and the registry edit together", { timeout: 300_000 }, async () => {
    const tally = await sweep("generate tool", {
      args: ["generate", "tool", "send-invoice", "--approval"],
      prepare: () => {
        const dir = tempDir("c12fa-faults-generate-");
        cpSync(created, dir, { recursive: true });
        return dir;
      },
    });
    expect(tally.unchanged).toBeGreaterThan(0);
    expect(tally.complete).toBeGreaterThan(0);
  });

  it("add: the user's package.json and config untouched, or every change made", { timeout: 300_000 }, async () => {
    const fixture = join(import.meta.dirname, "../fixtures/express-nodenext");
    const tally = await sweep("add", {
      args: ["add", "core", "http-api", "--yes"],
      prepare: () => {
        const dir = tempDir("c12fa-faults-add-");
        cpSync(fixture, dir, { recursive: true });
        return dir;
      },
    });
    expect(tally.unchanged).toBeGreaterThan(0);
    expect(tally.complete).toBeGreaterThan(0);
  });
});
