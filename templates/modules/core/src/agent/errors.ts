// Errors go into the context window, so they are kept short: the message only,
// on one line, never a stack trace (factor 9).

const MAX_ERROR_CHARS = 400;

export function compactError(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : JSON.stringify(error);
  const oneLine = (message || String(error)).replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_ERROR_CHARS ? `${oneLine.slice(0, MAX_ERROR_CHARS - 1)}…` : oneLine;
}
