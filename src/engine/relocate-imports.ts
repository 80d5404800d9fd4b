import { posix } from "node:path";
import { parse } from "@babel/parser";
import type { ImportStyle } from "../detect/tsconfig.ts";
import { importSpecifier } from "./layout.ts";

// When a template file moves (src/agent/loop.ts -> src/agent/loop.ts, src/tools/add.ts ->
// src/agent/tools/add.ts, ...), every relative reference in it must follow, spelled the way the
// host's compiler wants. The file is parsed and only the string literals that are references are
// rewritten, in place, so comments, formatting and every other string stay byte for byte.
//
// References are:
//   - module specifiers: import / export ... from, import(), import("...") types, vi.mock() & co.;
//   - `new URL("<relative>", import.meta.url)`: files read at run time (prompts/);
//   - Node processes a test starts on the agent's source (`spawn(process.execPath, ["src/server.ts"])`
//     and `-e` module code): their paths are relative to the project root, and when the host's
//     imports are not `.ts` Node needs a TypeScript loader (`--import tsx`) to run any of them.

export interface RelocateOptions {
  /** Where the file is in the template (its specifiers were written from here). */
  templatePath: string;
  /** Where it goes in the target. */
  targetPath: string;
  /** Template path -> target path (a trailing slash marks a folder). */
  mapPath: (templatePath: string) => string;
  imports: ImportStyle;
  /** A loader Node needs to run the agent's TypeScript (`tsx`), if any. */
  loader?: string;
}

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const MOCK_CALLS = new Set(["mock", "doMock", "unmock", "doUnmock", "importActual", "importMock"]);
const EVAL_FLAGS = new Set(["-e", "--eval", "-p", "--print"]);
const PROJECT_PATH = /^(src|test|prompts|evals)\//;

function isRelative(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../");
}

function isStringLiteral(node: unknown): node is Node & { value: string } {
  return (node as Node | undefined)?.type === "StringLiteral";
}

function walk(node: unknown, visit: (node: Node) => void): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  const current = node as Node;
  if (typeof current.type !== "string") return;
  visit(current);
  for (const [key, child] of Object.entries(current)) {
    if (key !== "loc" && key !== "extra" && key !== "comments" && key !== "leadingComments" && key !== "trailingComments" && key !== "innerComments") walk(child, visit);
  }
}

/** A string literal with a new value, in the quote style it had. */
function literal(source: string, node: Node, value: string): Edit {
  const quote = source[node.start] === "'" ? "'" : '"';
  const escaped = value.replace(/\\/g, "\\\\").replace(new RegExp(quote, "g"), `\\${quote}`).replace(/\n/g, "\\n");
  return { start: node.start, end: node.end, text: `${quote}${escaped}${quote}` };
}

function isProcessExecPath(node: Node | undefined): boolean {
  if (node?.type !== "MemberExpression" || node.computed) return false;
  return (node.object as Node).type === "Identifier" && (node.object as Node).name === "process" && (node.property as Node).name === "execPath";
}

function isImportMetaUrl(node: Node | undefined): boolean {
  if (node?.type !== "MemberExpression") return false;
  const object = node.object as Node;
  return object.type === "MetaProperty" && (node.property as Node).name === "url";
}

function apply(source: string, edits: Edit[]): string {
  let result = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** The file's text with every relative reference pointing where its target now is. */
export function relocateSource(source: string, options: RelocateOptions): string {
  const { templatePath, targetPath, mapPath } = options;
  let program: Node;
  try {
    program = (parse(source, { sourceType: "module", plugins: ["typescript"] }) as unknown as { program: Node }).program;
  } catch (error) {
    throw new Error(`template bug: ${templatePath} does not parse (${(error as Error).message})`);
  }
  const edits: Edit[] = [];
  const templateDir = posix.dirname(templatePath);

  const moduleSpecifier = (node: unknown) => {
    if (!isStringLiteral(node) || !isRelative(node.value)) return;
    const target = mapPath(posix.join(templateDir, node.value));
    const next = importSpecifier(targetPath, target, options.imports);
    if (next !== node.value) edits.push(literal(source, node, next));
  };

  const runtimeUrl = (node: Node) => {
    if (!isStringLiteral(node)) return;
    const value = node.value;
    const folder = value.endsWith("/") || value === "." || value === "..";
    if (!isRelative(value) && !folder) return;
    const joined = posix.join(templateDir, value).replace(/\/$/, "");
    // The template's root is the project's root (where the process runs); anything else maps.
    const target = joined === "." ? "." : mapPath(folder ? `${joined}/` : joined).replace(/\/$/, "");
    const relative = posix.relative(posix.dirname(targetPath), target);
    let next = relative === "" ? "." : relative;
    if (!next.startsWith(".")) next = `./${next}`;
    if (value.endsWith("/")) next += "/";
    if (next !== value) edits.push(literal(source, node, next));
  };

  const spawnArgs = (array: Node) => {
    const elements = array.elements as (Node | null)[];
    elements.forEach((element, index) => {
      const previous = elements[index - 1];
      if (isStringLiteral(previous) && EVAL_FLAGS.has(previous.value)) {
        // Module code run from the project root (inline, or a const holding it): its imports are paths from there.
        const code = isStringLiteral(element) ? element : element?.type === "Identifier" ? constants.get(element.name as string) : undefined;
        if (!code) return;
        const relocated = relocateSource(code.value, { ...options, templatePath: "[eval].ts", targetPath: "[eval].ts", imports: "ts", loader: undefined });
        if (relocated !== code.value && !edits.some((edit) => edit.start === code.start)) edits.push(literal(source, code, relocated));
      } else if (isStringLiteral(element) && PROJECT_PATH.test(element.value)) {
        const target = mapPath(element.value);
        if (target !== element.value) edits.push(literal(source, element, target));
      }
    });
    // A test starts Node only to run the agent's TypeScript (an entry point, a helper server):
    // with imports Node cannot resolve by itself, every such process needs the loader.
    const first = elements[0];
    const hasLoader = elements.some((element) => isStringLiteral(element) && element.value === "--import");
    if (options.loader && first && !hasLoader) edits.push({ start: first.start, end: first.start, text: `"--import", "${options.loader}", ` });
  };

  // `const script = "..."`: a spawned -e argument is often named first.
  const constants = new Map<string, Node & { value: string }>();
  walk(program, (node) => {
    if (node.type === "VariableDeclarator" && (node.id as Node).type === "Identifier" && isStringLiteral(node.init)) {
      constants.set((node.id as Node).name as string, node.init);
    }
  });

  walk(program, (node) => {
    switch (node.type) {
      case "ImportDeclaration":
      case "ExportAllDeclaration":
      case "ExportNamedDeclaration":
      case "ImportExpression":
      case "TSImportType":
        moduleSpecifier(node.source);
        break;
      case "NewExpression": {
        const [first, second] = node.arguments as Node[];
        if ((node.callee as Node).type === "Identifier" && (node.callee as Node).name === "URL" && first && isImportMetaUrl(second)) runtimeUrl(first);
        break;
      }
      case "CallExpression": {
        const callee = node.callee as Node;
        const args = node.arguments as Node[];
        if (callee.type === "MemberExpression" && (callee.object as Node).name === "vi" && MOCK_CALLS.has((callee.property as Node).name as string)) {
          moduleSpecifier(args[0]);
        }
        const execIndex = args.findIndex((arg) => isProcessExecPath(arg));
        const spawned = execIndex >= 0 ? args[execIndex + 1] : undefined;
        if (spawned?.type === "ArrayExpression") spawnArgs(spawned);
        break;
      }
    }
  });
  return apply(source, edits);
}

/** Files whose references are rewritten; everything else (prompts, JSON) is copied as it is. */
export function isRelocatable(path: string): boolean {
  return /\.(?:[cm]?ts|tsx|[cm]?js)$/.test(path);
}
