import { isCreatedLayout, mapTemplatePath, type AgentLayout } from "../../engine/layout.ts";
import type { ScriptToAdd } from "../../engine/merge-package-json.ts";
import type { ModuleManifest } from "../../registry/types.ts";

// A module's scripts are written for a project made by create (`node src/cli.ts`, `vitest run`,
// `tsc`). In another repository they must run the agent's folder, with the host's runner.

export interface ScriptContext {
  layout: AgentLayout;
  /** The host's own scripts already typecheck the agent folder (its tsconfig takes it in). */
  hostTypechecks: boolean;
}

const PATH_TOKEN = /^(src|test|prompts|evals)\//;

function translate(command: string, context: ScriptContext): string | undefined {
  const { layout } = context;
  const words = command.split(" ");
  if (words[0] === "vitest") return `vitest run --root ${layout.agentDir}`;
  if (words[0] === "tsc") {
    if (layout.ownTsconfig) return `tsc -p ${layout.agentDir}`;
    return context.hostTypechecks ? undefined : "tsc --noEmit";
  }
  const mapped = words.map((word) => (PATH_TOKEN.test(word) ? (mapTemplatePath(layout, word) ?? word) : word));
  if (mapped[0] === "node" && layout.runner === "tsx") mapped.splice(1, 0, "--import", "tsx");
  return mapped.join(" ");
}

/** The scripts to add for these modules, in module order; same command twice is added once. */
export function agentScripts(modules: readonly ModuleManifest[], context: ScriptContext): ScriptToAdd[] {
  const scripts: ScriptToAdd[] = [];
  for (const module of modules) {
    for (const [name, command] of Object.entries(module.scripts)) {
      if (isCreatedLayout(context.layout)) {
        scripts.push({ name, command });
        continue;
      }
      // In a repository that is not the agent, every script the agent brings says so:
      // `npm start` and `npm run dev` stay the service's, whether it has them yet or not.
      const translated = translate(command, context);
      if (translated !== undefined && !scripts.some((script) => script.command === translated)) scripts.push({ name: prefixed(name), command: translated });
    }
  }
  return scripts;
}

/** The name of an agent script in a repository that is not the agent (and of one whose name is taken). */
export function prefixed(name: string): string {
  return `agent:${name}`;
}
