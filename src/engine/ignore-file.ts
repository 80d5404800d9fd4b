/** A .gitignore line without the spellings that mean the same folder (`/x`, `x/`, `/x/`). */
function normalise(line: string): string {
  return line.trim().replace(/^\//, "").replace(/\/$/, "");
}

/**
 * `.gitignore` with the given lines appended under one comment, each only when no line of
 * the file already ignores the same name. Existing text is never changed.
 */
export function appendIgnoreLines(existing: string, lines: readonly string[], comment: string): string {
  const present = new Set(existing.split(/\r?\n/).map(normalise));
  const missing = lines.filter((line) => !present.has(normalise(line)));
  if (missing.length === 0) return existing;
  const separator = existing === "" ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
  return `${existing}${separator}# ${comment}\n${missing.join("\n")}\n`;
}
