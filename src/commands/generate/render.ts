import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { TEMPLATES_DIR } from "../../paths.ts";

export type Generator = "tool" | "prompt";

/** One file of templates/generators/<generator>/, rendered with Handlebars (strict: a missing value is a bug). */
export function renderGeneratorFile(generator: Generator, file: string, context: Record<string, unknown>): string {
  const source = readFileSync(join(TEMPLATES_DIR, "generators", generator, file), "utf8");
  return Handlebars.compile(source, { noEscape: true, strict: true })(context);
}
