import type { EnvVar } from "../registry/types.ts";

const HEADER = "# Copy this file to .env and fill it in. Never commit .env.\n";

function names(text: string): Set<string> {
  // Both `KEY=...` and the commented-out `# KEY=...` count as present.
  return new Set([...text.matchAll(/^\s*#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));
}

function block(variable: EnvVar): string {
  const line = `${variable.name}=${variable.example}`;
  return `# ${variable.comment}\n${variable.optional ? `# ${line}` : line}\n`;
}

/**
 * `.env.example` with every variable of the given sections added once.
 * Existing text is kept as it is; only variables it lacks are appended.
 */
export function mergeEnvExample(existing: string, sections: readonly { title: string; vars: readonly EnvVar[] }[]): string {
  const present = names(existing);
  let text = existing === "" ? HEADER : existing.endsWith("\n") ? existing : `${existing}\n`;
  for (const section of sections) {
    const missing = section.vars.filter((variable) => !present.has(variable.name));
    if (missing.length === 0) continue;
    text += `\n# --- ${section.title} ---\n${missing.map(block).join("")}`;
    missing.forEach((variable) => present.add(variable.name));
  }
  return text;
}
