import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST_FILE, type AgentManifest } from "../engine/manifest.ts";
import { MODULES } from "../registry/modules.ts";
import { VERSIONS } from "../registry/versions.ts";
import { bold, dim, green } from "../ui/style.ts";

/** The stable shape of `list --json` (documented in README.md). */
export interface ModuleListing {
  id: string;
  title: string;
  description: string;
  factors: number[];
  requires: string[];
  dependencies: Record<string, string>;
  /** Whether the project in the current directory has it (false outside a project). */
  installed: boolean;
}

function installedModules(cwd: string): Set<string> | undefined {
  const file = join(cwd, MANIFEST_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return new Set((JSON.parse(readFileSync(file, "utf8")) as AgentManifest).modules);
  } catch {
    return undefined;
  }
}

export function listModules(cwd = process.cwd()): ModuleListing[] {
  const installed = installedModules(cwd);
  return MODULES.map((module) => ({
    id: module.id,
    title: module.title,
    description: module.description,
    factors: module.factors,
    requires: module.requires,
    dependencies: Object.fromEntries(module.dependencies.map((name) => [name, VERSIONS[name]])),
    installed: installed?.has(module.id) ?? false,
  }));
}

export async function list(flags: { json?: boolean }): Promise<number> {
  const modules = listModules();
  if (flags.json) {
    console.log(JSON.stringify({ modules }, null, 2));
    return 0;
  }
  const inProject = installedModules(process.cwd()) !== undefined;
  for (const module of modules) {
    const mark = inProject ? (module.installed ? green("✓ ") : "  ") : "";
    const factors = `${module.factors.length > 1 ? "factors" : "factor"} ${module.factors.join(", ")}`;
    const indent = `${inProject ? "  " : ""}${" ".repeat(17)}`;
    console.log(`${mark}${bold(module.id.padEnd(16))} ${module.title} ${dim(`(${factors})`)}`);
    console.log(`${indent}${dim(module.description)}`);
    if (module.requires.length > 0) console.log(`${indent}${dim(`requires: ${module.requires.join(", ")}`)}`);
  }
  if (inProject) console.log(dim(`\n✓ = in this project (${MANIFEST_FILE})`));
  return 0;
}
