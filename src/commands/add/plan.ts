import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { CLI_VERSION } from "../../paths.ts";
import type { HttpFramework } from "../../detect/http-framework.ts";
import { mergeEnvExample } from "../../engine/env-file.ts";
import { appendIgnoreLines } from "../../engine/ignore-file.ts";
import { importSpecifier, isCreatedLayout, mapTemplatePath, type AgentLayout } from "../../engine/layout.ts";
import { hashContent, MANIFEST_FILE, type AgentManifest } from "../../engine/manifest.ts";
import { mergePackageJson, type KeptDependency, type ScriptToAdd } from "../../engine/merge-package-json.ts";
import { formatJson, SCRIPT_ORDER } from "../../engine/package-json.ts";
import type { FileOperation, Plan } from "../../engine/plan.ts";
import { TOOL_REGISTRY } from "../../engine/project.ts";
import { registerTool } from "../../engine/register-tool.ts";
import { setCompilerOption } from "../../engine/tsconfig-edit.ts";
import { resolveModules } from "../../registry/modules.ts";
import type { ModuleManifest, ProviderManifest, StoreId } from "../../registry/types.ts";
import { NODE_ENGINE, VERSIONS, type PackageName } from "../../registry/versions.ts";
import semver from "semver";
import { renderAgent, type AgentFile } from "./render.ts";
import { agentScripts, prefixed } from "./scripts.ts";

// `add` as a plan: every file the modules need, compared with what the repository holds,
// plus the few edits to shared files (package.json, .env.example, .gitignore, the manifest).
// Nothing is written here.

export interface AddPlanInput {
  root: string;
  /** package.json as it is. */
  packageJsonText: string;
  /** The manifest as it is, when the project has one. */
  manifest: AgentManifest | undefined;
  layout: AgentLayout;
  requested: readonly ModuleManifest[];
  provider: ProviderManifest;
  model: string;
  /** The package name (rendered into a few templates). */
  name: string;
  framework?: HttpFramework;
  /** Every dependency the host declares. */
  declared: Record<string, string>;
  /** The host's own scripts typecheck the agent folder already. */
  hostTypechecks: boolean;
  /** Compiler options the host's tsconfig needs (set only when it lacks them). */
  tsconfigEdits?: { path: string; option: string; value: unknown }[];
  /** Dev dependencies beyond the modules' own (tsx for entry points, @types/json-schema). */
  extraDevDependencies: PackageName[];
}

export interface AddPlan extends Plan {
  /** Every module the project has afterwards, in registry order. */
  modules: ModuleManifest[];
  /** Modules new to the project. */
  added: ModuleManifest[];
  scripts: ScriptToAdd[];
  kept: KeptDependency[];
  /** Lines the user must add by hand because a file could not be edited safely. */
  manual: string[];
}

type Op = FileOperation;

/** Paths the plan merges into rather than owns. */
const GITIGNORE = ".gitignore";

function reader(root: string) {
  return (path: string): string | undefined => {
    const file = join(root, path);
    return existsSync(file) ? readFileSync(file, "utf8") : undefined;
  };
}

function storeOf(modules: readonly ModuleManifest[], fallback: StoreId): StoreId {
  return modules.map((module) => (module as { store?: StoreId }).store).find((store) => store !== undefined) ?? fallback;
}

function pinned(names: readonly PackageName[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, VERSIONS[name]]));
}

export function planAdd(input: AddPlanInput): AddPlan {
  const { layout, manifest } = input;
  const read = reader(input.root);
  const installedIds = manifest?.modules ?? [];
  const installed = installedIds.length > 0 ? resolveModules(installedIds) : [];
  const modules = resolveModules([...installedIds, ...input.requested.map((module) => module.id)]);
  const added = modules.filter((module) => !installedIds.includes(module.id));
  const focus = new Set([...input.requested, ...added].map((module) => module.id));
  const focused = modules.filter((module) => focus.has(module.id));
  const oldStore = manifest?.store ?? "file";
  const store = storeOf(modules, oldStore);

  const base = { name: input.name, provider: input.provider, model: input.model, layout, framework: input.framework, declared: input.declared };
  const next = renderAgent({ ...base, store, modules });
  const previous = installed.length > 0 ? renderAgent({ ...base, store: oldStore, modules: installed }).files : new Map<string, AgentFile>();

  const operations: Op[] = [];
  const notices = [...next.notices];
  const manual: string[] = [];
  const registryPath = mapTemplatePath(layout, TOOL_REGISTRY);
  const written = new Map<string, string>(); // path -> content it has after the plan

  for (const [path, file] of next.files) {
    const before = previous.get(path);
    if (!focus.has(file.owner) && before?.content === file.content) continue; // another module's file, unchanged by this one
    const current = read(path);
    let op: Op;
    if (current === undefined) op = { kind: "create", path, content: file.content };
    else if (current === file.content) op = { kind: "skip", path };
    else if (path === registryPath) op = mergeRegistry(path, current, modules, layout, manual);
    else if (manifest?.files[path] === hashContent(current)) op = { kind: "update", path, content: file.content, previous: current };
    else op = { kind: "conflict", path, content: file.content, previous: current };
    operations.push(op);
    written.set(path, op.kind === "skip" ? current! : op.content);
  }

  // package.json: what the modules need, merged into what is there.
  const scripts = agentScripts(focused, { layout, hostTypechecks: input.hostTypechecks });
  const dependencies = pinned([...focused.flatMap((module) => module.dependencies), ...(focus.has("core") ? [input.provider.package] : [])]);
  const devDependencies = pinned([...focused.flatMap((module) => module.devDependencies), ...input.extraDevDependencies]);
  const merged = mergePackageJson(input.packageJsonText, {
    dependencies,
    devDependencies,
    scripts,
    scriptOrder: isCreatedLayout(layout) ? SCRIPT_ORDER : undefined,
    ...(isCreatedLayout(layout) ? { renameTaken: prefixed } : {}),
  });
  operations.push(merged.text === input.packageJsonText ? { kind: "skip", path: "package.json" } : { kind: "update", path: "package.json", content: merged.text, previous: input.packageJsonText });
  for (const dependency of merged.kept) {
    notices.push(`${dependency.name}: package.json has ${dependency.have}; the agent was tested with ${dependency.want} (yours is kept: if the agent does not compile, move to ${dependency.want})`);
  }
  for (const script of merged.skippedScripts) {
    notices.push(`package.json already has a script named ${script.name} that runs something else; the agent's is: ${script.command}`);
  }
  const engines = (JSON.parse(input.packageJsonText) as { engines?: { node?: unknown } }).engines?.node;
  if (!isCreatedLayout(layout) && typeof engines === "string" && semver.validRange(engines) && !semver.subset(engines, NODE_ENGINE)) {
    notices.push(`package.json allows Node ${engines}; the agent needs Node ${NODE_ENGINE} (it runs .ts files with Node's type stripping)`);
  }
  if (merged.unchecked.length > 0) notices.push(`not checked against the agent's versions: ${merged.unchecked.join(", ")}`);

  // .env.example: only variables it lacks.
  const envSections = [
    ...(focus.has("core") ? [{ title: input.provider.title, vars: input.provider.env }] : []),
    ...focused.map((module) => ({ title: module.title, vars: module.env })),
  ];
  operations.push(sharedEdit(".env.example", read(".env.example"), (text) => mergeEnvExample(text, envSections)));

  // .gitignore: the local secrets file and the file store's folder (a created project has both already).
  if (!isCreatedLayout(layout)) {
    operations.push(
      sharedEdit(GITIGNORE, read(GITIGNORE), (text) => appendIgnoreLines(text, [".env", ".data/"], "12-factor agent: local secrets and stored threads")),
    );
  }

  for (const edit of input.tsconfigEdits ?? []) {
    const current = read(edit.path);
    const content = current === undefined ? undefined : setCompilerOption(current, edit.option, edit.value);
    if (current === undefined || content === undefined) manual.push(`set "${edit.option}": ${JSON.stringify(edit.value)} in the compilerOptions of ${edit.path}`);
    else if (content !== current) operations.push({ kind: "update", path: edit.path, content, previous: current });
  }

  const manifestText = formatJson(nextManifest(input, modules, store, next.files, written));
  const currentManifest = read(MANIFEST_FILE);
  operations.push(
    currentManifest === undefined
      ? { kind: "create", path: MANIFEST_FILE, content: manifestText }
      : currentManifest === manifestText
        ? { kind: "skip", path: MANIFEST_FILE }
        : { kind: "update", path: MANIFEST_FILE, content: manifestText, previous: currentManifest },
  );

  return { root: input.root, operations, notices, modules, added, scripts: merged.addedScripts, kept: merged.kept, manual };
}

function sharedEdit(path: string, current: string | undefined, edit: (text: string) => string): Op {
  const content = edit(current ?? "");
  if (current === undefined) return { kind: "create", path, content };
  return content === current ? { kind: "skip", path } : { kind: "update", path, content, previous: current };
}

/**
 * The tool registry is the user's file (they register their own tools in it): we only add the
 * modules' tools to it, with the parser, and never call a difference a conflict.
 */
function mergeRegistry(path: string, current: string, modules: readonly ModuleManifest[], layout: AgentLayout, manual: string[]): Op {
  let source = current;
  for (const registration of modules.flatMap((module) => module.registers)) {
    const target = mapTemplatePath(layout, posix.join(posix.dirname(TOOL_REGISTRY), registration.from)) ?? registration.from;
    const from = importSpecifier(path, target, layout.imports);
    const result = registerTool(source, { exportName: registration.exportName, from });
    if (result.ok) source = result.source;
    else manual.push(`${path} ${result.reason}; add by hand:`, ...result.manualLines.map((line) => `  ${line}`));
  }
  return source === current ? { kind: "skip", path } : { kind: "update", path, content: source, previous: current };
}

function nextManifest(
  input: AddPlanInput,
  modules: readonly ModuleManifest[],
  store: StoreId,
  files: ReadonlyMap<string, AgentFile>,
  written: ReadonlyMap<string, string>,
): AgentManifest {
  const previous = input.manifest?.files ?? {};
  const hashes: Record<string, string> = {};
  // In create's order, so a project that got a module by `add` has the manifest `create` writes.
  for (const path of files.keys()) {
    const content = written.get(path);
    if (content !== undefined) hashes[path] = hashContent(content);
    else if (previous[path] !== undefined) hashes[path] = previous[path];
  }
  for (const [path, hash] of Object.entries(previous)) if (!(path in hashes)) hashes[path] = hash;
  // Written in one key order, whichever way the layout was made, so a second add changes nothing.
  const { agentDir, imports, tests, moduleScope, ownTsconfig, runner } = input.layout;
  const layout = { imports, tests: { dir: tests.dir, suffix: tests.suffix }, moduleScope, ownTsconfig, runner };
  return {
    cliVersion: CLI_VERSION,
    provider: input.provider.id,
    model: input.model,
    store,
    modules: modules.map((module) => module.id),
    ...(isCreatedLayout(input.layout) ? {} : { agentDir, layout }),
    files: hashes,
  };
}
