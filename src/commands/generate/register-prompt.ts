import { parse } from "@babel/parser";

// Adds a prompt's entry to `interface PromptVariables { ... }` (src/agent/prompt-variables.ts)
// the way a person would: one member after the last one, in its indentation and with its
// separator, everything else byte for byte as the user left it. Parsed, never regex-edited.

export interface PromptEntry {
  /** The prompt's name: prompts/<name>.md. */
  name: string;
  variables: string[];
  /** A doc comment for the entry, e.g. the prompt's file. */
  comment: string;
}

export type RegisterPromptResult =
  | { ok: true; source: string }
  | { ok: false; reason: string; manualLines: string[] }
  | { ok: "exists" };

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export const PROMPT_VARIABLES_TYPE = "PromptVariables";

function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

export function entryLine(entry: PromptEntry): string {
  return `${propertyKey(entry.name)}: { ${entry.variables.map((v) => `${v}: string`).join("; ")} };`;
}

/** The members of `interface PromptVariables {}` or `type PromptVariables = {}`. */
function findMembers(program: Node): { body: Node; members: Node[] } | undefined {
  for (const statement of program.body as Node[]) {
    const declaration = statement.type === "ExportNamedDeclaration" ? (statement.declaration as Node | null) : statement;
    if ((declaration?.id as { name?: string } | undefined)?.name !== PROMPT_VARIABLES_TYPE) continue;
    if (declaration?.type === "TSInterfaceDeclaration") {
      const body = declaration.body as Node;
      return { body, members: body.body as Node[] };
    }
    if (declaration?.type === "TSTypeAliasDeclaration" && (declaration.typeAnnotation as Node).type === "TSTypeLiteral") {
      const body = declaration.typeAnnotation as Node;
      return { body, members: body.members as Node[] };
    }
  }
  return undefined;
}

function memberName(member: Node): string | undefined {
  const key = member.key as { type: string; name?: string; value?: string } | undefined;
  return key?.type === "Identifier" ? key.name : key?.type === "StringLiteral" ? key.value : undefined;
}

function lineEnd(source: string, offset: number): number {
  const newline = source.indexOf("\n", offset);
  return newline === -1 ? source.length : newline;
}

export function registerPrompt(source: string, entry: PromptEntry): RegisterPromptResult {
  const manualLines = [`${entryLine(entry)} // in interface ${PROMPT_VARIABLES_TYPE}`];
  let program: Node;
  try {
    program = (parse(source, { sourceType: "module", plugins: ["typescript"] }) as unknown as { program: Node }).program;
  } catch (error) {
    return { ok: false, reason: `it does not parse (${(error as Error).message})`, manualLines };
  }
  const found = findMembers(program);
  if (!found) return { ok: false, reason: `it has no \`export interface ${PROMPT_VARIABLES_TYPE} { ... }\``, manualLines };
  if (found.members.some((member) => memberName(member) === entry.name)) return { ok: "exists" };

  const last = found.members.at(-1);
  const closing = found.body.end - 1; // the `}`
  if (!last) {
    const text = `\n  /** ${entry.comment} */\n  ${entryLine(entry)}\n`;
    // `{}` or `{ }` or `{\n}`: the entry replaces whatever blank space is inside.
    return { ok: true, source: source.slice(0, found.body.start + 1) + text + source.slice(closing) };
  }
  const lineStart = source.lastIndexOf("\n", last.start) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart))![0];
  const lastText = source.slice(last.start, last.end);
  const separator = lastText.endsWith(",") ? "," : ";";
  const line = entryLine(entry).replace(/;$/, separator);
  if (!source.slice(found.body.start, found.body.end).includes("\n")) {
    // A one-line body: `{ a: { x: string } }`.
    const needsSeparator = !/[;,]$/.test(lastText);
    return { ok: true, source: `${source.slice(0, last.end)}${needsSeparator ? separator : ""} ${line}${source.slice(last.end)}` };
  }
  // After the last member's line, so a comment ending that line stays with its member.
  const at = Math.min(lineEnd(source, last.end), closing);
  const fix = /[;,]$/.test(lastText) ? "" : ";";
  const added = `\n${indent}/** ${entry.comment} */\n${indent}${line}`;
  return { ok: true, source: source.slice(0, last.end) + fix + source.slice(last.end, at) + added + source.slice(at) };
}
