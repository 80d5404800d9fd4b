import type { PackageManager } from "../../detect/package-manager.ts";
import { MANIFEST_FILE, type AgentManifest } from "../../engine/manifest.ts";
import { TOOL_REGISTRY } from "../../engine/project.ts";
import { UserError } from "../../ui/errors.ts";
import type { ProjectTree } from "./tree.ts";

// Preflight for `generate`: is this a project we can add to, and where do its parts live?

export interface AgentProject {
  tree: ProjectTree;
  /** The tool registry (`export const tools = [...]`), relative to the root. */
  registryPath: string;
  /** Its source, or undefined when it does not exist. */
  registry: string | undefined;
  /** The manifest as written, when the project has one (made by `create` or `add`). */
  manifest: { source: string; data: AgentManifest } | undefined;
  /** Where the project's tests live. */
  testDir: string;
  pm: PackageManager;
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

export function openProject(tree: ProjectTree): AgentProject {
  if (tree.read("package.json") === undefined) throw outsideProject(tree.root, "there is no package.json");
  const manifest = readManifest(tree);
  const registry = tree.read(TOOL_REGISTRY);
  if (!manifest && registry === undefined) {
    throw outsideProject(tree.root, `there is neither ${MANIFEST_FILE} nor ${TOOL_REGISTRY}`);
  }
  return {
    tree,
    registryPath: TOOL_REGISTRY,
    registry,
    manifest,
    testDir: TEST_DIRS.find((dir) => tree.exists(dir)) ?? "test",
    pm: packageManagerOf(tree),
  };
}
