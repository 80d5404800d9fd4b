import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import Handlebars from "handlebars";

// Template folders are real project trees. Two conventions only:
//   - `name.hbs` is rendered with Handlebars and written as `name`;
//   - `_gitignore` becomes `.gitignore` (npm would drop a real .gitignore from the package).
const RENAMES: Record<string, string> = { _gitignore: ".gitignore" };

export type TemplateContext = Record<string, unknown>;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function outputPath(templatePath: string): string {
  const parts = templatePath.split(sep);
  const last = parts.pop()!;
  const renamed = RENAMES[last] ?? (last.endsWith(".hbs") ? last.slice(0, -".hbs".length) : last);
  return [...parts, renamed].join("/");
}

/** Render every file of a template folder into `into` (path -> content). */
export function renderTemplateDir(dir: string, context: TemplateContext, into: Map<string, string>): void {
  for (const file of listFiles(dir)) {
    const source = readFileSync(file, "utf8");
    const path = outputPath(relative(dir, file));
    if (into.has(path)) throw new Error(`template file ${path} is provided twice (second time by ${dir})`);
    const content = file.endsWith(".hbs") ? Handlebars.compile(source, { noEscape: true, strict: true })(context) : source;
    into.set(path, content);
  }
}
