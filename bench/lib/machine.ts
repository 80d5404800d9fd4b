import { execSync } from "node:child_process";
import os from "node:os";

// What the numbers were measured on, and how busy the machine was meanwhile.

function sh(command: string): string {
  try {
    // trimEnd: free's header line starts with the spaces that align its columns.
    return execSync(command, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trimEnd();
  } catch {
    return "(unavailable)";
  }
}

export function describeMachine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return [
    `- CPU: ${cpu}, \`nproc\` = ${sh("nproc")}`,
    `- Memory (\`free -h\`):\n\n\`\`\`\n${sh("free -h")}\n\`\`\``,
    `- Node ${process.version}, npm ${sh("npm --version")}, ${os.type()} ${os.release()}`,
  ].join("\n");
}

/** 1, 5 and 15 minute load averages, e.g. "0.52 0.61 0.70". */
export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(" ");
}

/** The busiest other processes right now, to say what else was running. */
export function busiestProcesses(count = 5): string {
  return sh(`ps -eo pcpu,comm --sort=-pcpu | head -n ${count + 1}`);
}
