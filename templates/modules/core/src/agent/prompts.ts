import { readFileSync } from "node:fs";
import type { PromptVariables } from "./prompt-variables.ts";

// Prompts are files you own (factor 2): prompts/<name>.md, read on every call so an
// edit shows up without a restart, with `{{name}}` placeholders filled from `vars`.

const PROMPTS_DIR = new URL("../../prompts/", import.meta.url);
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A prompt listed in src/agent/prompt-variables.ts has its variables checked at compile time; any other, at run time. */
export type VariablesOf<Name extends string> = Name extends keyof PromptVariables ? PromptVariables[Name] : Record<string, string>;

export function renderPrompt<Name extends string>(name: Name, vars: VariablesOf<Name>): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new Error(`prompt name "${name}" is invalid: use lowercase letters, digits and dashes (prompts/<name>.md)`);
  }
  const file = new URL(`${name}.md`, PROMPTS_DIR);
  let template: string;
  try {
    template = readFileSync(file, "utf8");
  } catch {
    throw new Error(`prompt "${name}" not found: create prompts/${name}.md`);
  }
  return fillTemplate(template, vars, `prompts/${name}.md`);
}

/** Replaces every `{{var}}`; a placeholder without a value is an error, never an empty string. */
export function fillTemplate(template: string, vars: Record<string, string>, source = "template"): string {
  const missing = [...template.matchAll(PLACEHOLDER)]
    .map((m) => m[1] as string)
    .filter((key) => !Object.hasOwn(vars, key));
  if (missing.length > 0) {
    throw new Error(`${source} uses {{${[...new Set(missing)].join("}}, {{")}}} but no value was given for it`);
  }
  return template.replace(PLACEHOLDER, (_, key: string) => vars[key] as string);
}
