import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * What a generator may see of a project: read-only, paths relative to the root with `/`.
 * Generators plan against this view and never write; the unit tests give them one in memory.
 */
export interface ProjectTree {
  /** Absolute directory of the project. */
  root: string;
  /** A file's text, or undefined when there is no such file. */
  read(path: string): string | undefined;
  /** Whether a file or a directory exists at `path`. */
  exists(path: string): boolean;
  /** Names of the files directly inside `dir` ([] when it does not exist). */
  list(dir: string): string[];
}

export function diskTree(root: string): ProjectTree {
  return {
    root,
    read(path) {
      const file = join(root, path);
      try {
        return statSync(file).isFile() ? readFileSync(file, "utf8") : undefined;
      } catch {
        return undefined;
      }
    },
    exists: (path) => existsSync(join(root, path)),
    list(dir) {
      try {
        return readdirSync(join(root, dir), { withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => entry.name)
          .sort();
      } catch {
        return [];
      }
    },
  };
}
