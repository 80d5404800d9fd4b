// A plan is everything a command would do to the file system, computed in memory
// before anything is written. It is then printed (--dry-run) or applied, never both halves.

export type FileOperation =
  /** A file that does not exist yet. */
  | { kind: "create"; path: string; content: string }
  /** A file we change on purpose (package.json, .env.example, the tool registry), shown as a diff. */
  | { kind: "update"; path: string; content: string; previous: string }
  /** The file already has exactly this content. */
  | { kind: "skip"; path: string }
  /** The file exists with other content; written only with --force. */
  | { kind: "conflict"; path: string; content: string; previous: string };

export interface Plan {
  /** Absolute directory every operation's path is relative to. */
  root: string;
  operations: FileOperation[];
  /** Things the user should know that are not file changes (e.g. a dependency we did not change). */
  notices: string[];
}

/** Reads a file of the target, or undefined when it does not exist. */
export type ReadExisting = (path: string) => string | undefined;

export interface PlanFilesOptions {
  /** Paths we may change in place (merged edits) rather than treat as conflicts. */
  updatable?: ReadonlySet<string>;
}

/** Compare the files we want with what is there. */
export function planFiles(
  wanted: ReadonlyMap<string, string>,
  readExisting: ReadExisting,
  options: PlanFilesOptions = {},
): FileOperation[] {
  const operations: FileOperation[] = [];
  for (const [path, content] of wanted) {
    const previous = readExisting(path);
    if (previous === undefined) operations.push({ kind: "create", path, content });
    else if (previous === content) operations.push({ kind: "skip", path });
    else if (options.updatable?.has(path)) operations.push({ kind: "update", path, content, previous });
    else operations.push({ kind: "conflict", path, content, previous });
  }
  return operations;
}

export function conflictsOf(plan: Plan): Extract<FileOperation, { kind: "conflict" }>[] {
  return plan.operations.filter((op) => op.kind === "conflict");
}

/** True when applying the plan would change nothing. */
export function isNoop(plan: Plan): boolean {
  return plan.operations.every((op) => op.kind === "skip");
}

/** The operations that write something; conflicts only when forced. */
export function writesOf(plan: Plan, force: boolean): { path: string; content: string }[] {
  return plan.operations.flatMap((op) =>
    op.kind === "create" || op.kind === "update" || (op.kind === "conflict" && force) ? [{ path: op.path, content: op.content }] : [],
  );
}
