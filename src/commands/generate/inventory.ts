import { parse } from "@babel/parser";
import { posix } from "node:path";
import type { ProjectTree } from "./tree.ts";

// What already has a name in the tools folder: the tool names the model sees and the
// identifiers the files export, each with the file that owns it, so a new tool can be
// refused with "exists already in <file>" instead of a duplicate the compiler or the
// model trips over later.

export interface ToolInventory {
  /** Tool name (as the model sees it) -> file that defines it. */
  toolNames: Map<string, string>;
  /** Exported identifier -> file that exports it. */
  exports: Map<string, string>;
}

interface Node {
  type: string;
  [key: string]: unknown;
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as Node).type === "string";
}

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc" || key === "leadingComments" || key === "trailingComments" || key === "innerComments") continue;
    if (Array.isArray(value)) for (const item of value) if (isNode(item)) yield* walk(item);
    if (isNode(value)) yield* walk(value);
  }
}

function keyName(property: Node): string | undefined {
  const key = property.key as Node & { name?: string; value?: unknown };
  if (key?.type === "Identifier") return key.name;
  if (key?.type === "StringLiteral" && typeof key.value === "string") return key.value;
  return undefined;
}

/** `{ name: "x", inputSchema: ... }` and `{ name: "x", kind: ... }` are tools; other objects with a name are not. */
function toolNameOf(object: Node): string | undefined {
  const properties = (object.properties as Node[]).filter((p) => p.type === "ObjectProperty");
  const keys = new Set(properties.map(keyName));
  if (!keys.has("inputSchema") && !keys.has("kind")) return undefined;
  const value = properties.find((p) => keyName(p) === "name")?.value as (Node & { value?: unknown }) | undefined;
  return value?.type === "StringLiteral" && typeof value.value === "string" ? value.value : undefined;
}

function exportedNames(program: Node): string[] {
  const names: string[] = [];
  for (const statement of program.body as Node[]) {
    if (statement.type !== "ExportNamedDeclaration") continue;
    const declaration = statement.declaration as Node | null;
    if (declaration?.type === "VariableDeclaration") {
      for (const declarator of declaration.declarations as Node[]) {
        const id = declarator.id as Node & { name?: string };
        if (id.type === "Identifier" && id.name) names.push(id.name);
      }
    } else if (declaration && (declaration.id as { name?: string } | null)?.name) {
      names.push((declaration.id as { name: string }).name);
    }
    for (const specifier of (statement.specifiers as Node[] | undefined) ?? []) {
      const exported = specifier.exported as Node & { name?: string; value?: string };
      const name = exported?.name ?? exported?.value;
      if (name) names.push(name);
    }
  }
  return names;
}

/** For a file that does not parse: the same facts, read more loosely. */
function looseFacts(source: string): { toolNames: string[]; exports: string[] } {
  return {
    toolNames: [...source.matchAll(/\bname\s*:\s*["'`]([^"'`\n]+)["'`]/g)].map((m) => m[1] as string),
    exports: [...source.matchAll(/\bexport\s+(?:const|let|var|async\s+function|function|class)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1] as string),
  };
}

export function inventoryTools(tree: ProjectTree, toolsDir: string): ToolInventory {
  const inventory: ToolInventory = { toolNames: new Map(), exports: new Map() };
  for (const file of tree.list(toolsDir).filter((name) => /\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith(".d.ts"))) {
    const path = posix.join(toolsDir, file);
    const source = tree.read(path) ?? "";
    let facts: { toolNames: string[]; exports: string[] };
    try {
      const program = (parse(source, { sourceType: "module", plugins: ["typescript"] }) as unknown as { program: Node }).program;
      facts = {
        toolNames: [...walk(program)].filter((node) => node.type === "ObjectExpression").flatMap((node) => toolNameOf(node) ?? []),
        exports: exportedNames(program),
      };
    } catch {
      facts = looseFacts(source);
    }
    for (const name of facts.toolNames) if (!inventory.toolNames.has(name)) inventory.toolNames.set(name, path);
    for (const name of facts.exports) if (!inventory.exports.has(name)) inventory.exports.set(name, path);
  }
  return inventory;
}

/** Every name the registry file binds with its imports (a new export must not clash with them). */
export function importedNames(source: string): string[] {
  try {
    const program = (parse(source, { sourceType: "module", plugins: ["typescript"] }) as unknown as { program: Node }).program;
    return (program.body as Node[])
      .filter((node) => node.type === "ImportDeclaration")
      .flatMap((node) => (node.specifiers as (Node & { local: { name: string } })[]).map((s) => s.local.name));
  } catch {
    return [];
  }
}
