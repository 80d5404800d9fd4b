import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { detectPackageManager, isPackageManager, type PackageManager } from "./package-manager.ts";

const LOCKFILES: readonly [string, PackageManager][] = [
  ["pnpm-lock.yaml", "pnpm"],
  ["pnpm-workspace.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
];

export interface ProjectPackageManager {
  name: PackageManager;
  /** Why we think so, for the summary line: e.g. `pnpm-lock.yaml in ../..`. */
  evidence: string;
}

function packageManagerField(dir: string): PackageManager | undefined {
  try {
    const field = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { packageManager?: unknown }).packageManager;
    const name = typeof field === "string" ? field.split("@")[0] : undefined;
    return name && isPackageManager(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The package manager a repository uses: its `packageManager` field, else the lockfile in the
 * project or the nearest folder above it (a workspace keeps one lockfile at its root), else the
 * one that ran us.
 */
export function detectProjectPackageManager(root: string): ProjectPackageManager {
  for (let dir = root; ; dir = dirname(dir)) {
    const where = relative(root, dir) || ".";
    const field = packageManagerField(dir);
    if (field && dir === root) return { name: field, evidence: `"packageManager" in package.json` };
    for (const [file, name] of LOCKFILES) {
      if (existsSync(join(dir, file))) return { name, evidence: where === "." ? file : `${file} in ${where}` };
    }
    if (field) return { name: field, evidence: `"packageManager" in ${where}/package.json` };
    if (dirname(dir) === dir || existsSync(join(dir, ".git"))) break;
  }
  const name = detectPackageManager();
  return { name, evidence: "no lockfile; the package manager that ran this" };
}
