import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { performance } from "node:perf_hooks";

export interface Finished {
  ms: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end and times it from spawn to exit. Fails with the
 * command's output when it exits non-zero, so a broken contender stops the run.
 */
export function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}): Finished {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
  const ms = performance.now() - start;
  const stdout = String(result.stdout ?? "");
  const stderr = String(result.stderr ?? "");
  if (result.error || result.status !== 0) {
    const tail = `${stdout}\n${stderr}`.trim().split("\n").slice(-30).join("\n");
    throw new Error(`${command} ${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status}`}):\n${tail}`);
  }
  return { ms, stdout, stderr };
}

/** The command as a person would type it, for RESULTS.md. */
export function shown(command: string, args: readonly string[]): string {
  return [command, ...args].map((part) => (/^[\w@./:=,+-]+$/.test(part) ? part : `'${part.replace(/'/g, "'\\''")}'`)).join(" ");
}
