import type { ModuleManifest, ProviderManifest } from "../registry/types.ts";
import { NODE_ENGINE, VERSIONS, type PackageName } from "../registry/versions.ts";

export type PackageJson = Record<string, unknown> & {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/** Scripts in the order a reader looks for them; unknown ones follow alphabetically. */
export const SCRIPT_ORDER = ["dev", "start", "serve", "worker", "test", "test:chaos", "typecheck", "eval"];

function sortKeys(record: Record<string, string>, order: readonly string[] = []): Record<string, string> {
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)),
  );
}

function pinned(names: readonly PackageName[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, VERSIONS[name]]));
}

/** The package.json of a new project: the modules' scripts and pinned dependencies. */
export function newPackageJson(name: string, modules: readonly ModuleManifest[], provider: ProviderManifest): PackageJson {
  const scripts = Object.assign({}, ...modules.map((module) => module.scripts)) as Record<string, string>;
  const dependencies = pinned([...modules.flatMap((module) => module.dependencies), provider.package]);
  const devDependencies = pinned(modules.flatMap((module) => module.devDependencies));
  return {
    name,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: NODE_ENGINE },
    scripts: sortKeys(scripts, SCRIPT_ORDER),
    dependencies: sortKeys(dependencies),
    devDependencies: sortKeys(devDependencies),
  };
}

export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
