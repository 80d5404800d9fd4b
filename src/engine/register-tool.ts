import { parse } from "@babel/parser";
import type { ToolRegistration } from "../registry/types.ts";

// Adds a tool to the project's registry (src/tools/index.ts) the way a person would:
// one import after the last import, one entry at the end of the `tools` array,
// everything else byte for byte as the user left it. The file is parsed, never regex-edited,
// so comments, strings and the user's own formatting cannot fool it.

export type RegisterResult =
  | { ok: true; source: string; changed: boolean }
  | { ok: false; reason: string; manualLines: string[] };

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

function findToolsArray(program: Node): Node | undefined {
  for (const statement of program.body as Node[]) {
    const declaration = statement.type === "ExportNamedDeclaration" ? (statement.declaration as Node | null) : statement;
    if (declaration?.type !== "VariableDeclaration") continue;
    for (const declarator of declaration.declarations as Node[]) {
      const id = declarator.id as Node & { name?: string };
      let init = declarator.init as Node | null;
      // `[...] as const` / `[...] satisfies X`
      while (init && (init.type === "TSAsExpression" || init.type === "TSSatisfiesExpression")) init = init.expression as Node;
      if (id.name === "tools" && init?.type === "ArrayExpression") return init;
    }
  }
  return undefined;
}

function importLine(tool: ToolRegistration): string {
  return `import { ${tool.exportName} } from "${tool.from}";`;
}

export function registerTool(source: string, tool: ToolRegistration): RegisterResult {
  const manualLines = [importLine(tool), `${tool.exportName}, // in the tools array`];
  let program: Node;
  try {
    program = (parse(source, { sourceType: "module", plugins: ["typescript"] }) as unknown as { program: Node }).program;
  } catch (error) {
    return { ok: false, reason: `it does not parse (${(error as Error).message})`, manualLines };
  }
  const array = findToolsArray(program);
  if (!array) return { ok: false, reason: "it has no `export const tools = [...]` array", manualLines };

  const elements = array.elements as (Node & { name?: string })[];
  const imports = (program.body as Node[]).filter((node) => node.type === "ImportDeclaration");
  const alreadyImported = imports.some((node) =>
    ((node.specifiers as (Node & { local: { name: string } })[]) ?? []).some((s) => s.local.name === tool.exportName),
  );
  const alreadyListed = elements.some((element) => element?.type === "Identifier" && element.name === tool.exportName);
  if (alreadyImported && alreadyListed) return { ok: true, source, changed: false };

  // Edits are applied back to front so earlier offsets stay valid.
  const edits: { at: number; text: string }[] = [];
  if (!alreadyListed) edits.push(...arrayInsertion(source, array, elements, tool.exportName));
  if (!alreadyImported) {
    const lastImport = imports.at(-1);
    edits.push(
      lastImport
        ? { at: lineEnd(source, lastImport.end), text: `\n${importLine(tool)}` }
        : { at: 0, text: `${importLine(tool)}\n` },
    );
  }
  let next = source;
  // Back to front; at one offset, the edit listed later goes in first so the texts keep their listed order.
  const ordered = edits.map((edit, index) => ({ ...edit, index })).sort((a, b) => b.at - a.at || b.index - a.index);
  for (const edit of ordered) next = next.slice(0, edit.at) + edit.text + next.slice(edit.at);
  return { ok: true, source: next, changed: true };
}

function lineEnd(source: string, offset: number): number {
  const newline = source.indexOf("\n", offset);
  return newline === -1 ? source.length : newline;
}

/** Where and how to add an element so it matches the array's existing layout. */
function arrayInsertion(source: string, array: Node, elements: Node[], name: string): { at: number; text: string }[] {
  const closing = array.end - 1; // the `]`
  const last = elements.at(-1);
  if (!last) return [{ at: closing, text: name }];
  const between = source.slice(last.end, closing);
  const hasTrailingComma = between.trimStart().startsWith(",");
  const multiline = source.slice(array.start, array.end).includes("\n");
  if (!multiline) return [{ at: last.end, text: `, ${name}` }];
  const lineStart = source.lastIndexOf("\n", last.start) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart))![0];
  // The new line goes after the last element's line, so a comment ending that line stays with its element.
  const comma = hasTrailingComma ? last.end + between.indexOf(",") : last.end;
  const newLine = { at: Math.min(lineEnd(source, comma), closing), text: `\n${indent}${name}${hasTrailingComma ? "," : ""}` };
  return hasTrailingComma ? [newLine] : [{ at: last.end, text: "," }, newLine];
}
