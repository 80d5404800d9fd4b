import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export interface FileWrite {
  path: string;
  content: string;
}

// Writing is synchronous on purpose: a signal handler cannot run in the middle of it,
// and no file-system call is still in flight on another thread when the process exits.
// A project is a few hundred kilobytes, so this takes milliseconds.

function writeAll(root: string, files: readonly FileWrite[]): void {
  for (const file of files) {
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
}

/**
 * Write a whole new project so that it either exists complete or not at all:
 * render into a hidden temp directory beside the target, then rename it into place.
 */
export function writeNewDirectory(target: string, files: readonly FileWrite[]): void {
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const temp = join(parent, `.${basename(target)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    mkdirSync(temp);
    writeAll(temp, files);
    if (existsSync(target)) {
      // An empty directory the user made (or `.`): keep the directory itself, since a shell
      // may be sitting in it, and move the entries in.
      for (const entry of readdirSync(temp)) renameSync(join(temp, entry), join(target, entry));
      rmdirSync(temp);
    } else {
      renameSync(temp, target);
    }
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Write files into an existing directory, each one atomically (temp file + rename). */
export function writeInPlace(root: string, files: readonly FileWrite[]): void {
  for (const file of files) {
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      writeFileSync(temp, file.content);
      renameSync(temp, target);
    } finally {
      rmSync(temp, { force: true });
    }
  }
}
