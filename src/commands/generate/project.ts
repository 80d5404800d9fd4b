import { posix } from "node:path";
import { runScript, type PackageManager } from "../../detect/package-manager.ts";
import type { ImportStyle } from "../../detect/tsconfig.ts";
import { isCreatedLayout, layoutOf, mapTemplatePath, type AgentLayout } from "../../engine/layout.ts";
import { MANIFEST_FILE, type AgentManifest } from "../../engine/manifest.ts";
import { TOOL_REGISTRY } from "../../engine/project.ts";
import { UserError } from "../../ui/errors.ts";
import type { ProjectTree } from "./tree.ts";

// Preflight for `generate`: is this a project we can add to, and where do its parts live?

/** Where the agent's parts live, relative to the root. Generated files import these and sit beside them. */
export interface AgentPaths {
  /** The tool registry: `export const tools = [...]`. */
  registry: string;
  /** `defineTool`, next to the registry. */
  toolTypes: string;
  loop: string;
  thread: string;
  memoryStore: string;
  /** `renderPrompt`, and the map of prompt names to variables it checks. */
  renderPrompt: string;
  promptVariables: string;
  promptsDir: string;
  /** Where the project's tests live, how their files end, and the scripted model the loop tests use. */
  testDir: string;
  testSuffix: string;
  scriptedModel: string;
  /** How relative imports are spelled in this project (`.ts`, `.js` or none), as `add` chose for its host. */
  imports: ImportStyle;
}

export interface AgentProject {
  tree: ProjectTree;
  paths: AgentPaths;
  /** The registry's source, or undefined when it does not exist. */
  registry: string | undefined;
  /** The manifest as written, when the project has one (made by `create` or `add`). */
  manifest: { source: string; data: AgentManifest } | undefined;
  pm: PackageManager;
  /** What to type for one of the agent's scripts (`test`, `typecheck`): a host has them as `agent:<name>`. */
  script(name: string): string;
}

const TEST_DIRS = ["test", "tests", "__tests__"];

function outsideProject(root: string, missing: string): UserError {
  return new UserError(`${missing}, so this does not look like an agent project`, {
    exitCode: 1,
    details: [
      `looked in ${root} for package.json, ${MANIFEST_FILE} and the tool registry ${TOOL_REGISTRY}`,
      "start a new project:           npx create-12-factor-agent my-agent",
      "or add the agent core here:    npx create-12-factor-agent add core",
      "or run this in a project with: --cwd <project directory>",
    ],
  });
}

function readManifest(tree: ProjectTree): AgentProject["manifest"] {
  const source = tree.read(MANIFEST_FILE);
  if (source === undefined) return undefined;
  try {
    const data = JSON.parse(source) as AgentManifest;
    if (typeof data !== "object" || data === null || Array.isArray(data)) throw new Error("it is not an object");
    return { source, data };
  } catch (error) {
    throw new UserError(`${MANIFEST_FILE} cannot be read: ${(error as Error).message}`, {
      exitCode: 1,
      details: [`fix the JSON in ${MANIFEST_FILE} (git diff shows what changed), then run this again`],
    });
  }
}

function packageManagerOf(tree: ProjectTree): PackageManager {
  if (tree.exists("pnpm-lock.yaml")) return "pnpm";
  if (tree.exists("yarn.lock")) return "yarn";
  if (tree.exists("bun.lock") || tree.exists("bun.lockb")) return "bun";
  return "npm";
}

/** A project made by `create` has every part where the templates put it; only the test folder is looked up. */
function createdPaths(tree: ProjectTree): AgentPaths {
  const testDir = TEST_DIRS.find((dir) => tree.exists(dir)) ?? "test";
  return {
    registry: TOOL_REGISTRY,
    toolTypes: "src/tools/types.ts",
    loop: "src/agent/loop.ts",
    thread: "src/agent/thread.ts",
    memoryStore: "src/store/memory-store.ts",
    renderPrompt: "src/agent/prompts.ts",
    promptVariables: "src/agent/prompt-variables.ts",
    promptsDir: "prompts",
    testDir,
    testSuffix: ".test.ts",
    scriptedModel: `${testDir}/helpers/scripted-model.ts`,
    imports: "ts",
  };
}

/**
 * The same parts in a repository the agent was added to: where `add` put them (the manifest's
 * agentDir and layout), so the generated files land beside them and import them the host's way.
 */
function layoutPaths(tree: ProjectTree, layout: AgentLayout): AgentPaths {
  if (isCreatedLayout(layout)) return createdPaths(tree);
  const at = (templatePath: string) => mapTemplatePath(layout, templatePath)!;
  const created = createdPaths(tree);
  return {
    registry: at(created.registry),
    toolTypes: at(created.toolTypes),
    loop: at(created.loop),
    thread: at(created.thread),
    memoryStore: at(created.memoryStore),
    renderPrompt: at(created.renderPrompt),
    promptVariables: at(created.promptVariables),
    promptsDir: at("prompts/").replace(/\/$/, ""),
    testDir: posix.join(layout.agentDir, layout.tests.dir),
    testSuffix: layout.tests.suffix,
    scriptedModel: at("test/helpers/scripted-model.ts"),
    imports: layout.imports,
  };
}

function scriptsOf(tree: ProjectTree): Record<string, unknown> {
  try {
    const scripts = (JSON.parse(tree.read("package.json") ?? "{}") as { scripts?: unknown }).scripts;
    return typeof scripts === "object" && scripts !== null ? (scripts as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function openProject(tree: ProjectTree): AgentProject {
  if (tree.read("package.json") === undefined) throw outsideProject(tree.root, "there is no package.json");
  const manifest = readManifest(tree);
  const layout = layoutOf(manifest?.data);
  const paths = layoutPaths(tree, layout);
  const registry = tree.read(paths.registry);
  if (!manifest && registry === undefined) {
    throw outsideProject(tree.root, `there is neither ${MANIFEST_FILE} nor ${TOOL_REGISTRY}`);
  }
  const pm = packageManagerOf(tree);
  // `add` names the agent's scripts agent:<name> in a host (its own test and typecheck stay its own).
  const scripts = scriptsOf(tree);
  const script = (name: string) => runScript(pm, !isCreatedLayout(layout) && `agent:${name}` in scripts ? `agent:${name}` : name);
  return { tree, paths, registry, manifest, pm, script };
}
