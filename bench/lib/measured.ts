import { spawnSync, type SpawnSyncOptions } from "node:child_process";

// Times a whole process from fork to exit and reads its CPU time (user + system,
// from wait4's rusage, microsecond resolution). CPU time moves much less than wall
// time when other work shares the machine, so both are reported.
// Node cannot read a child's rusage; python3's os.wait4 can.

const WAIT4 = `
import json, os, sys, time
argv = sys.argv[1:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.close(3)
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
os.write(3, json.dumps({"wall": wall * 1000, "cpu": (usage.ru_utime + usage.ru_stime) * 1000, "code": os.waitstatus_to_exitcode(status)}).encode())
`;

export interface Measured {
  wallMs: number;
  cpuMs: number;
  stdout: string;
}

export function measuredRun(command: string, args: readonly string[], options: SpawnSyncOptions = {}): Measured {
  const result = spawnSync("python3", ["-c", WAIT4, command, ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  const report = String(result.output?.[3] ?? "");
  const parsed = report ? (JSON.parse(report) as { wall: number; cpu: number; code: number }) : undefined;
  if (!parsed || parsed.code !== 0 || result.status !== 0) {
    const tail = `${result.stdout ?? ""}\n${result.stderr ?? ""}`.trim().split("\n").slice(-30).join("\n");
    throw new Error(`${command} ${args.join(" ")} failed (exit ${parsed?.code ?? result.status}):\n${tail}`);
  }
  return { wallMs: parsed.wall, cpuMs: parsed.cpu, stdout: String(result.stdout ?? "") };
}
