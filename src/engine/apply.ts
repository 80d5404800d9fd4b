import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { onInterrupt } from "./interrupt.ts";

export interface FileWrite {
  path: string;
  content: string;
}

async function writeAll(root: string, files: readonly FileWrite[]): Promise<void> {
  for (const file of files) {
    const target = join(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
}

/**
 * Write a whole new project so that it either exists complete or not at all:
 * render into a hidden temp directory beside the target, then rename it into place.
 * Ctrl-C or an error on the way removes the temp directory.
 */
export async function writeNewDirectory(target: string, files: readonly FileWrite[]): Promise<void> {
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const temp = join(parent, `.${basename(target)}.${randomBytes(4).toString("hex")}.tmp`);
  const removeTemp = () => rmSync(temp, { recursive: true, force: true });
  const unregister = onInterrupt(removeTemp);
  try {
    await mkdir(temp);
    await writeAll(temp, files);
    if (existsSync(target)) {
      // An empty directory the user made (or `.`): keep the directory itself, since a shell
      // may be sitting in it, and move the entries in. Synchronous, so no signal lands halfway.
      for (const entry of readdirSync(temp)) renameSync(join(temp, entry), join(target, entry));
      rmdirSync(temp);
    } else {
      await rename(temp, target);
    }
  } catch (error) {
    removeTemp();
    throw error;
  } finally {
    unregister();
  }
}

/** Write files into an existing directory, each one atomically (temp file + rename). */
export async function writeInPlace(root: string, files: readonly FileWrite[]): Promise<void> {
  for (const file of files) {
    const target = join(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(4).toString("hex")}.tmp`;
    const unregister = onInterrupt(() => rmSync(temp, { force: true }));
    try {
      await writeFile(temp, file.content);
      await rename(temp, target);
    } finally {
      rmSync(temp, { force: true });
      unregister();
    }
  }
}
