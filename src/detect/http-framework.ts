import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";
import { parse } from "@babel/parser";

export type HttpFramework = "express" | "fastify" | "koa" | "hono";

/** In this order: a service that has Express and also Hono for one route is an Express service. */
const FRAMEWORKS: readonly HttpFramework[] = ["express", "fastify", "koa", "hono"];

export function detectHttpFramework(dependencies: Record<string, string>): HttpFramework | undefined {
  return FRAMEWORKS.find((name) => dependencies[name] !== undefined);
}

export interface AppFile {
  /** Root-relative posix path of the file that creates the app. */
  file: string;
  /** The variable that holds it (`app` in `const app = express()`). */
  variable: string;
}

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

const SOURCE = /\.(?:[cm]?[jt]s)$/;
const SKIP_DIRS = new Set(["node_modules", "dist", "build", "coverage", ".git", "test", "tests", "__tests__"]);
const MAX_FILES = 400;

function sourceFiles(root: string, dir: string, skip: string, found: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(root, dir)).sort();
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (found.length >= MAX_FILES) break;
    const path = dir === "." ? entry : `${dir}/${entry}`;
    if (path === skip || SKIP_DIRS.has(entry) || entry.startsWith(".")) continue;
    const stats = statSync(join(root, path), { throwIfNoEntry: false });
    if (stats?.isDirectory()) sourceFiles(root, path, skip, found);
    else if (stats?.isFile() && SOURCE.test(entry) && !/\.(test|spec)\./.test(entry) && !entry.endsWith(".d.ts") && stats.size < 512_000) found.push(path);
  }
  return found;
}

/** The local names a file binds the framework's factory to (`import express from "express"`, `const Koa = require("koa")`). */
function factoryNames(program: Node, framework: HttpFramework): Set<string> {
  const names = new Set<string>();
  const wanted = framework === "hono" ? "Hono" : undefined;
  for (const statement of program.body as Node[]) {
    if (statement.type === "ImportDeclaration" && (statement.source as Node).value === framework) {
      for (const specifier of statement.specifiers as Node[]) {
        const imported = specifier.imported as Node | undefined;
        const importedName = imported ? (imported.name ?? imported.value) : undefined;
        if (wanted ? importedName === wanted : specifier.type !== "ImportSpecifier" || importedName === "default" || importedName === framework) {
          names.add((specifier.local as Node).name as string);
        }
      }
    }
    if (statement.type === "VariableDeclaration") {
      for (const declarator of statement.declarations as Node[]) {
        const init = declarator.init as Node | null;
        const isRequire =
          init?.type === "CallExpression" &&
          (init.callee as Node).type === "Identifier" &&
          (init.callee as Node).name === "require" &&
          ((init.arguments as Node[])[0] as Node | undefined)?.value === framework;
        if (!isRequire) continue;
        const id = declarator.id as Node;
        if (id.type === "Identifier") names.add(id.name as string);
        if (id.type === "ObjectPattern" && wanted) {
          for (const property of id.properties as Node[]) {
            if ((property.key as Node | undefined)?.name === wanted && (property.value as Node).type === "Identifier") names.add((property.value as Node).name as string);
          }
        }
      }
    }
  }
  return names;
}

/** `const <variable> = express()` / `new Hono()` / `Fastify({...})` / `new Koa()` at any depth. */
function findCreation(node: unknown, names: Set<string>): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findCreation(child, names);
      if (found) return found;
    }
    return undefined;
  }
  const current = node as Node;
  if (current.type === "VariableDeclarator" && (current.id as Node).type === "Identifier") {
    let init = current.init as Node | null;
    while (init && (init.type === "TSAsExpression" || init.type === "TSSatisfiesExpression" || init.type === "AwaitExpression")) {
      init = (init.expression ?? init.argument) as Node;
    }
    const callee = init && (init.type === "CallExpression" || init.type === "NewExpression") ? (init.callee as Node) : undefined;
    if (callee?.type === "Identifier" && names.has(callee.name as string)) return (current.id as Node).name as string;
  }
  for (const [key, child] of Object.entries(current)) {
    if (key === "loc" || key === "start" || key === "end") continue;
    const found = findCreation(child, names);
    if (found) return found;
  }
  return undefined;
}

/**
 * The host file that creates its app, so the printed mount lines name the right file and
 * variable. Read-only: the host's files are parsed, never changed.
 */
export function findAppFile(root: string, sourceDir: string, framework: HttpFramework, agentDir: string): AppFile | undefined {
  for (const file of sourceFiles(root, sourceDir, agentDir)) {
    let source: string;
    try {
      source = readFileSync(join(root, file), "utf8");
    } catch {
      continue;
    }
    if (!source.includes(framework === "hono" ? "Hono" : framework)) continue;
    let program: Node;
    try {
      program = (parse(source, { sourceType: "unambiguous", plugins: file.endsWith("ts") ? ["typescript"] : [], errorRecovery: true }) as unknown as { program: Node }).program;
    } catch {
      continue;
    }
    const names = factoryNames(program, framework);
    if (names.size === 0) continue;
    const variable = findCreation(program.body, names);
    if (variable) return { file: relative(root, join(root, file)).split(sep).join(posix.sep), variable };
  }
  return undefined;
}
