import { posix } from "node:path";
import type { ImportStyle } from "../detect/tsconfig.ts";
import type { AgentManifest } from "./manifest.ts";

/**
 * Where a module's files go. Templates are written as a project of their own (src/, test/,
 * prompts/, evals/ at its root); a layout maps those paths into the target.
 *
 * A project made by `create` uses the identity layout. In a repository that already exists, the
 * agent lives in one folder, `agentDir` (default `src/agent`), and the template tree maps into it
 * without repeating itself:
 *
 *   src/agent/<file>   -> <agentDir>/<file>          (the loop, reducer, context ... are the folder's core)
 *   src/<dir>/<file>   -> <agentDir>/<dir>/<file>    (tools/, store/, llm/, http/, human/)
 *   src/<file>         -> <agentDir>/<file>          (cli.ts, server.ts: entry points)
 *   test/<x>.test.ts   -> <agentDir>/<tests.dir>/<x><tests.suffix>
 *   <dir>/, <file>     -> <agentDir>/<dir>/, <agentDir>/<file>  (prompts/, evals/, migrations/, docker-compose.yml)
 *
 * Project-level files of the template (package.json, tsconfig.json, vitest.config.ts, README.md,
 * .gitignore, .env.example) are not copied: the host's own are merged or left alone.
 */
export interface AgentLayout {
  /** Root-relative posix folder holding the agent; "" for a project made by create. */
  agentDir: string;
  /** How relative imports are written (the templates use `.ts`). */
  imports: ImportStyle;
  /** Where the agent's tests go and how they are named, relative to agentDir. */
  tests: { dir: string; suffix: string };
  /** The folder carries a package.json with "type": "module" because the host is CommonJS. */
  moduleScope: boolean;
  /** The folder is typechecked by a tsconfig.json of its own (the host is JavaScript). */
  ownTsconfig: boolean;
  /** What runs the folder's entry points: plain node (type stripping), or node with tsx's loader. */
  runner: "node" | "tsx";
}

/** The layout of a project made by create: every file where the template has it. */
export const CREATED_LAYOUT: AgentLayout = {
  agentDir: "",
  imports: "ts",
  tests: { dir: "test", suffix: ".test.ts" },
  moduleScope: false,
  ownTsconfig: false,
  runner: "node",
};

export function isCreatedLayout(layout: AgentLayout): boolean {
  return layout.agentDir === "";
}

/** Files of the template's project itself: a host has its own, merged or left alone, never replaced. */
const PROJECT_FILES = new Set(["package.json", "tsconfig.json", "vitest.config.ts", "README.md", ".gitignore", ".env.example", "12-factor-agent.json"]);

/**
 * The target path of a template path, or undefined for a project-level file the layout does not
 * copy. A trailing slash (a folder) is kept.
 */
export function mapTemplatePath(layout: AgentLayout, templatePath: string): string | undefined {
  if (isCreatedLayout(layout)) return templatePath;
  const isDir = templatePath.endsWith("/");
  const parts = templatePath.split("/").filter(Boolean);
  const [top, ...rest] = parts;
  if (top === undefined || (rest.length === 0 && !isDir && PROJECT_FILES.has(top))) return undefined;
  let mapped: string[];
  if (top === "src") mapped = rest[0] === "agent" ? rest.slice(1) : rest;
  else if (top === "test") {
    mapped = [...layout.tests.dir.split("/"), ...rest];
    const last = mapped.length - 1;
    if (mapped[last]!.endsWith(".test.ts")) mapped[last] = mapped[last]!.slice(0, -".test.ts".length) + layout.tests.suffix;
  } else mapped = parts;
  const joined = posix.join(layout.agentDir, ...mapped);
  return isDir ? `${joined}/` : joined;
}

const JS_EXTENSION: Record<string, string> = { ts: ".js", tsx: ".js", mts: ".mjs", cts: ".cjs" };

/** A relative import specifier from one target file to another, spelled as the layout requires. */
export function importSpecifier(fromFile: string, toFile: string, style: ImportStyle): string {
  let specifier = posix.relative(posix.dirname(fromFile), toFile);
  if (!specifier.startsWith(".")) specifier = `./${specifier}`;
  const extension = /\.(ts|mts|cts|tsx)$/.exec(specifier)?.[1];
  if (!extension || style === "ts") return specifier;
  const base = specifier.slice(0, -(extension.length + 1));
  if (style === "none" && (extension === "ts" || extension === "tsx")) return base;
  return `${base}${JS_EXTENSION[extension]}`;
}

/** The layout a manifest records: the identity for a project made by create. */
export function layoutOf(manifest: Pick<AgentManifest, "agentDir" | "layout"> | undefined): AgentLayout {
  if (!manifest?.agentDir) return CREATED_LAYOUT;
  return { ...CREATED_LAYOUT, ...manifest.layout, agentDir: manifest.agentDir };
}
