import { spawn, type ChildProcess } from "node:child_process";

// Long-running processes a part starts (fake model, servers, workers) and stops again.

export interface Started {
  child: ChildProcess;
  /** The first capture group of `ready` once the process prints it (a URL, say). */
  ready: Promise<string>;
}

/** Spawns a process and resolves `ready` with what it prints once it is up. */
export function startChild(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, cwd?: string): Started {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const readyLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} ${args.join(" ")} did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      // Keep only the start: a long run's logs must not pile up in memory.
      if (output.length < 64 * 1024) output += chunk;
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(" ")} exited (${code}):\n${output}`));
    });
  });
  // A child that dies after starting is noticed by whoever uses it; this only stops an unhandled rejection.
  readyLine.catch(() => {});
  return { child, ready: readyLine };
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
