import { detectPackageManager, isPackageManager, PACKAGE_MANAGERS, type PackageManager } from "../../detect/package-manager.ts";
import { findProvider, PROVIDER_IDS } from "../../registry/providers.ts";
import { DEFAULT_MODULES, MODULE_IDS, resolveModules, UnknownModuleError } from "../../registry/modules.ts";
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

export const STORES: readonly { id: StoreId; title: string; available: boolean }[] = [
  { id: "file", title: "File store (JSON files; one process)", available: true },
  { id: "postgres", title: "PostgreSQL (many processes)", available: false },
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
  if (!store.available) {
    throw new UserError(`the ${value} store is not available in this version yet; use --store file (the default)`);
  }
  return store.id;
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
  return {
    directory,
    provider,
    model: flags.model ?? provider.defaultModel,
    modules: parseModules(flags.modules ?? DEFAULT_MODULES.join(",")),
    store: parseStore(flags.store ?? "file"),
    pm: flags.pm ? parsePackageManager(flags.pm) : detectPackageManager(),
    install: flags.install ?? true,
  };
}

export { MODULE_IDS };
