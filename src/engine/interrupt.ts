// Work that must be undone if the user presses Ctrl-C (or the process is told to stop)
// before a command finishes, e.g. a half-rendered temp directory.
const undoers = new Set<() => void>();
let installed = false;

function runUndoersAndExit(signal: NodeJS.Signals): void {
  for (const undo of undoers) {
    try {
      undo();
    } catch {
      // Best effort: keep undoing the rest.
    }
  }
  process.exit(signal === "SIGINT" ? 130 : 143);
}

/** Register synchronous clean-up; returns a function that unregisters it. */
export function onInterrupt(undo: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on("SIGINT", runUndoersAndExit);
    process.on("SIGTERM", runUndoersAndExit);
  }
  undoers.add(undo);
  return () => undoers.delete(undo);
}
