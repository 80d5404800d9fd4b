import { core } from "./modules/core.ts";
import { humanContact } from "./modules/human-contact.ts";
import { httpApi } from "./modules/http-api.ts";
import { postgresStore } from "./modules/postgres-store.ts";
import type { ModuleId, ModuleManifest } from "./types.ts";

/** Every module, in the order they are applied. */
export const MODULES: readonly ModuleManifest[] = [core, humanContact, httpApi, postgresStore];

export const MODULE_IDS = MODULES.map((module) => module.id);

export const DEFAULT_MODULES: ModuleId[] = ["core", "human-contact", "http-api"];

export function findModule(id: string): ModuleManifest | undefined {
  return MODULES.find((module) => module.id === id);
}

export class UnknownModuleError extends Error {
  readonly unknown: string[];

  constructor(unknown: string[]) {
    super(
      `unknown module${unknown.length > 1 ? "s" : ""} ${unknown.map((id) => `"${id}"`).join(", ")}; ` +
        `known modules: ${MODULE_IDS.join(", ")}`,
    );
    this.unknown = unknown;
  }
}

/**
 * The requested modules plus everything they require, in registry order
 * (so the same set always renders the same way, whatever order it was asked in).
 */
export function resolveModules(requested: readonly string[]): ModuleManifest[] {
  const unknown = requested.filter((id) => !findModule(id));
  if (unknown.length > 0) throw new UnknownModuleError(unknown);
  const wanted = new Set<string>();
  const visit = (id: string): void => {
    if (wanted.has(id)) return;
    wanted.add(id);
    for (const dependency of findModule(id)!.requires) visit(dependency);
  };
  requested.forEach(visit);
  return MODULES.filter((module) => wanted.has(module.id));
}
