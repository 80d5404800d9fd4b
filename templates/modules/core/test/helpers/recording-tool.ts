import { createHash, randomUUID } from "node:crypto";
import { appendFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { defineTool } from "../../src/tools/types.ts";

// A tool with a side effect outside the thread, written the way a tool should
// honour its idempotency key: the effect (a file in `<dir>/effects`) is made
// once per key, and a second run with the same key returns what the first made.
// That closes the one window the loop cannot: the process dies after the effect
// and before the result is stored, so the step runs again after a restart.
//
// Every run is also appended to `<dir>/attempts.log`, so tests can count how often
// a step really ran twice, and check that the effect still happened once.

export interface EffectRecord {
  key: string;
  note: string;
  output: string;
}

export interface RecordingHooks {
  /** Called before the effect; a test may throw here to stop "the process". */
  beforeEffect?: () => void | Promise<void>;
  /** Called after the effect is made and before the tool returns, e.g. to stretch that window. */
  afterEffect?: () => void | Promise<void>;
}

export function recordingTool(dir: string, hooks: RecordingHooks = {}) {
  mkdirSync(path.join(dir, "effects"), { recursive: true });
  return defineTool({
    name: "record",
    description: "Records a note in the ledger.",
    kind: "action",
    inputSchema: z.object({ note: z.string().describe("what to record") }),
    execute: async ({ note }, { idempotencyKey }) => {
      await hooks.beforeEffect?.();
      appendFileSync(path.join(dir, "attempts.log"), `${idempotencyKey}\n`);
      const effect = makeOnce(dir, { key: idempotencyKey, note, output: `recorded ${note} (effect ${randomUUID().slice(0, 8)})` });
      await hooks.afterEffect?.();
      return effect.output;
    },
  });
}

/** Makes the effect for `record.key` unless it exists; either way returns the one that exists. */
function makeOnce(dir: string, record: EffectRecord): EffectRecord {
  const file = effectFile(dir, record.key);
  const temp = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temp, JSON.stringify(record));
  try {
    // link() is atomic and fails if the file exists: of two runs with one key, one makes the effect.
    linkSync(temp, file);
    return record;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return JSON.parse(readFileSync(file, "utf8")) as EffectRecord;
  } finally {
    rmSync(temp, { force: true });
  }
}

function effectFile(dir: string, key: string): string {
  return path.join(dir, "effects", `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.json`);
}

/** Every effect made, by idempotency key, and every run of the tool (one key per run). */
export function readLedger(dir: string): { effects: Map<string, EffectRecord>; attempts: string[] } {
  const effects = new Map<string, EffectRecord>();
  const effectsDir = path.join(dir, "effects");
  for (const name of existsSync(effectsDir) ? readdirSync(effectsDir) : []) {
    if (!name.endsWith(".json")) continue; // a temp file left by a run that was killed
    const record = JSON.parse(readFileSync(path.join(effectsDir, name), "utf8")) as EffectRecord;
    effects.set(record.key, record);
  }
  const log = path.join(dir, "attempts.log");
  const text = existsSync(log) ? readFileSync(log, "utf8") : "";
  // A run killed mid-append leaves a line without its newline: it still counts as a run.
  const attempts = text.split("\n").filter((line) => line.length > 0);
  return { effects, attempts };
}
