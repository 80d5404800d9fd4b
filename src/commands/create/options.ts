import { detectPackageManager, isPackageManager, PACKAGE_MANAGERS, type PackageManager } from "../../detect/package-manager.ts";
import { findProvider, PROVIDER_IDS } from "../../registry/providers.ts";
import { DEFAULT_MODULES, MODULE_IDS, MODULES, resolveModules, UnknownModuleError } from "../../registry/modules.ts";
import type { ModuleManifest, ProviderManifest, StoreId } from "../../registry/types.ts";
import { UserError } from "../../ui/errors.ts";

/** The flags as commander parsed them; undefined means "not given". */
export interface CreateFlags {
  provider?: string;
  model?: string;
  modules?: string;
  store?: string;
  pm?: string;
  install?: boolean;
  git?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
  verbose?: boolean;
}

export interface CreateAnswers {
  directory: string;
  provider: ProviderManifest;
  model: string;
  modules: ModuleManifest[];
  store: StoreId;
  pm: PackageManager;
  install: boolean;
}

export const STORES: readonly { id: StoreId; title: string }[] = [
  { id: "file", title: "File store (JSON files; one process)" },
  { id: "postgres", title: "PostgreSQL (any number of servers and workers)" },
];

export function parseProvider(value: string): ProviderManifest {
  const provider = findProvider(value);
  if (!provider) throw new UserError(`unknown provider "${value}"; use --provider with one of: ${PROVIDER_IDS.join(", ")}`);
  return provider;
}

export function parseModules(value: string): ModuleManifest[] {
  const ids = value.split(",").map((id) => id.trim()).filter(Boolean);
  try {
    return resolveModules(["core", ...ids]);
  } catch (error) {
    if (error instanceof UnknownModuleError) throw new UserError(`${error.message} (--modules a,b,...)`);
    throw error;
  }
}

export function parseStore(value: string): StoreId {
  const store = STORES.find((candidate) => candidate.id === value);
  if (!store) throw new UserError(`unknown store "${value}"; use --store with one of: ${STORES.map((s) => s.id).join(", ")}`);
  return store.id;
}

/**
 * The store and the modules agree: the postgres store is the postgres-store module, so
 * asking for either gives both. `--store file` with that module is a contradiction.
 */
export function reconcileStore(modules: ModuleManifest[], store: StoreId | undefined): { modules: ModuleManifest[]; store: StoreId } {
  const storeModule = modules.find((module) => module.store !== undefined);
  if (storeModule && store !== undefined && store !== storeModule.store) {
    throw new UserError(
      `--store ${store} contradicts the ${storeModule.id} module, which keeps threads in ${storeModule.store}; ` +
        `drop one of them (--store ${storeModule.store} alone includes the module)`,
    );
  }
  const chosen = store ?? storeModule?.store ?? "file";
  const needed = MODULES.find((module) => module.store === chosen && !modules.includes(module));
  return { modules: needed ? resolveModules([...modules.map((m) => m.id), needed.id]) : modules, store: chosen };
}

export function parsePackageManager(value: string): PackageManager {
  if (!isPackageManager(value)) throw new UserError(`unknown package manager "${value}"; use --pm with one of: ${PACKAGE_MANAGERS.join(", ")}`);
  return value;
}

/**
 * Answers from flags and defaults alone, for --yes, CI and non-TTY runs: nothing is asked,
 * and a missing answer without a default is an error that names its flag.
 */
export function answersFromFlags(directory: string | undefined, flags: CreateFlags): CreateAnswers {
  if (!directory) {
    throw new UserError("missing the project directory: pass it as the first argument, e.g. `create-12-factor-agent my-agent`");
  }
  const provider = parseProvider(flags.provider ?? "openai");
  const { modules, store } = reconcileStore(
    parseModules(flags.modules ?? DEFAULT_MODULES.join(",")),
    flags.store === undefined ? undefined : parseStore(flags.store),
  );
  return {
    directory,
    provider,
    model: flags.model ?? provider.defaultModel,
    modules,
    store,
    pm: flags.pm ? parsePackageManager(flags.pm) : detectPackageManager(),
    install: flags.install ?? true,
  };
}

export { MODULE_IDS };
