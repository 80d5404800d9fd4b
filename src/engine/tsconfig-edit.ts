import { parseExpression } from "@babel/parser";

// One compiler option set in a tsconfig.json the user owns, the way they would type it: the
// file is parsed (it is JSON with comments), one property is inserted or replaced at its
// position, and every comment, blank line and trailing comma stays where it was.

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

function keyOf(property: Node): string | undefined {
  const key = property.key as Node & { value?: string; name?: string };
  return key.type === "StringLiteral" ? key.value : key.type === "Identifier" ? key.name : undefined;
}

function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Where a property can go after `last`: past a trailing comma if the object has one. */
function insertion(text: string, object: Node, entry: string): string {
  const properties = object.properties as Node[];
  const last = properties.at(-1);
  if (!last) return `${text.slice(0, object.start + 1)} ${entry}${text.slice(object.start + 1)}`;
  const indent = indentAt(text, last.start);
  const between = text.slice(last.end, object.end - 1);
  const comma = /^\s*,/.exec(between);
  const lineBreak = text.slice(object.start, object.end).includes("\n");
  const separator = lineBreak ? `\n${indent}` : " ";
  if (comma) {
    const at = last.end + comma[0].length;
    return `${text.slice(0, at)}${separator}${entry},${text.slice(at)}`;
  }
  return `${text.slice(0, last.end)},${separator}${entry}${text.slice(last.end)}`;
}

/** JSON as a person writes a short value in a tsconfig: `["es2022", "es2023"]`. */
function literal(value: unknown): string {
  return Array.isArray(value) ? `[${value.map((item) => JSON.stringify(item)).join(", ")}]` : JSON.stringify(value);
}

/** The tsconfig text with `compilerOptions.<name>` set to `value`; undefined when the text is not an object. */
export function setCompilerOption(text: string, name: string, value: unknown): string | undefined {
  let root: Node;
  try {
    root = parseExpression(text, { sourceType: "script" }) as unknown as Node;
  } catch {
    return undefined;
  }
  if (root.type !== "ObjectExpression") return undefined;
  const entry = `${JSON.stringify(name)}: ${literal(value)}`;
  const options = (root.properties as Node[]).find((property) => keyOf(property) === "compilerOptions");
  if (!options) return insertion(text, root, `"compilerOptions": { ${entry} }`);
  const object = options.value as Node;
  if (object.type !== "ObjectExpression") return undefined;
  const existing = (object.properties as Node[]).find((property) => keyOf(property) === name);
  if (existing) {
    const current = existing.value as Node;
    return `${text.slice(0, current.start)}${literal(value)}${text.slice(current.end)}`;
  }
  return insertion(text, object, entry);
}
