import { readdirSync, statSync } from "node:fs";
import { basename, isAbsolute, resolve } from "node:path";
import validateName from "validate-npm-package-name";
import { UserError } from "../../ui/errors.ts";

export interface Target {
  /** Absolute path of the project directory. */
  dir: string;
  /** The package name (the directory's name). */
  name: string;
  /** Entries already in the directory (empty when it does not exist). */
  existing: string[];
}

// Entries that do not make a directory "non-empty" (create-vite ignores .git the same way).
const IGNORABLE = new Set([".git", ".DS_Store", "Thumbs.db"]);

/** Why a directory argument is not usable as a project name, or undefined when it is. */
export function invalidNameReason(directory: string): string | undefined {
  if (directory.trim() === "") return "it is empty";
  if (isAbsolute(directory)) return "it is an absolute path; run the command in the parent directory and pass a name";
  if (directory.split(/[\\/]/).includes("..")) return 'it contains ".."; run the command where the project should go';
  const name = directory === "." ? basename(process.cwd()) : basename(directory);
  const result = validateName(name);
  if (!result.validForNewPackages) {
    const problems = [...(result.errors ?? []), ...(result.warnings ?? [])];
    return `"${name}" is not a valid npm package name: ${problems.join("; ")}`;
  }
  return undefined;
}

export function resolveTarget(directory: string, cwd = process.cwd()): Target {
  const reason = invalidNameReason(directory);
  if (reason) {
    throw new UserError(`invalid project directory "${directory}": ${reason}`, {
      details: ["use lowercase letters, digits, - . _ (e.g. my-agent)"],
    });
  }
  const dir = resolve(cwd, directory);
  let existing: string[] = [];
  try {
    if (!statSync(dir).isDirectory()) {
      throw new UserError(`${directory} exists and is not a directory; choose another name`, { exitCode: 1 });
    }
    existing = readdirSync(dir).filter((entry) => !IGNORABLE.has(entry)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return { dir, name: basename(dir), existing };
}
