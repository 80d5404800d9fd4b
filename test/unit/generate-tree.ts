import { posix } from "node:path";
import { writesOf, type Plan } from "../../src/engine/plan.ts";
import { renderProject } from "../../src/engine/project.ts";
import { resolveModules } from "../../src/registry/modules.ts";
import { findProvider } from "../../src/registry/providers.ts";
import type { ProjectTree } from "../../src/commands/generate/tree.ts";

// Generators plan against a tree; here it is a Map, so a test can set up any project
// (made by `create`, reformatted by its user, or not ours at all) and apply plans to it.

export const ROOT = "/work/demo";

export function memoryTree(files: Map<string, string>): ProjectTree {
  return {
    root: ROOT,
    read: (path) => files.get(path),
    exists: (path) => files.has(path) || [...files.keys()].some((file) => file.startsWith(`${path}/`)),
    list: (dir) =>
      [...files.keys()].filter((file) => posix.dirname(file) === dir).map((file) => posix.basename(file)).sort(),
  };
}

/** Every file `create` writes for a project with these modules. */
export function createdProject(modules = ["core", "human-contact", "http-api"]): Map<string, string> {
  return renderProject({
    name: "demo",
    provider: findProvider("openai")!,
    model: "gpt-test",
    store: "file",
    modules: resolveModules(modules),
  });
}

/** The files after the plan is written, as writeInPlace would leave them. */
export function applied(files: Map<string, string>, plan: Plan): Map<string, string> {
  const next = new Map(files);
  for (const write of writesOf(plan, false)) next.set(write.path, write.content);
  return next;
}

