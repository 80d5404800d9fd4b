import { execa } from "execa";
import type { PackageManager } from "../detect/package-manager.ts";
import { installArgs } from "../detect/package-manager.ts";

export type InstallResult = { ok: true } | { ok: false; outputTail: string; command: string };

/** Run the package manager's install; its output is shown only with --verbose or on failure. */
export async function installDependencies(dir: string, pm: PackageManager, verbose: boolean): Promise<InstallResult> {
  const args = installArgs(pm);
  const command = [pm, ...args].join(" ");
  const result = await execa(pm, args, {
    cwd: dir,
    all: true,
    reject: false,
    stdin: "ignore",
    stdout: verbose ? ["pipe", "inherit"] : "pipe",
    stderr: verbose ? ["pipe", "inherit"] : "pipe",
    env: { npm_config_fund: "false", npm_config_audit: "false", npm_config_update_notifier: "false" },
  });
  if (result.exitCode === 0) return { ok: true };
  const output = result.failed && result.exitCode === undefined ? (result.shortMessage ?? "") : (result.all ?? "");
  return { ok: false, outputTail: output.split("\n").slice(-25).join("\n"), command };
}
