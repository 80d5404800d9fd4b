import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { JsoncError, parseJsonc } from "./jsonc.ts";

/** How relative imports must be written for the host's compiler settings. */
export type ImportStyle =
  /** `./x.ts`: the tsconfig allows importing .ts (allowImportingTsExtensions / rewriteRelativeImportExtensions). */
  | "ts"
  /** `./x.js`: node16/nodenext resolution maps the .js specifier to x.ts. */
  | "js"
  /** `./x`: bundler (or classic node) resolution. */
  | "none";

export interface TsconfigInfo {
  /** The config that covers the source folder, relative to the project root (e.g. `tsconfig.json`). */
  path: string;
  module?: string;
  moduleResolution?: string;
  allowImportingTsExtensions: boolean;
  rewriteRelativeImportExtensions: boolean;
  /** Library declarations are not checked (the AI SDK's need @types/json-schema when they are). */
  skipLibCheck: boolean;
  /** `target`, lowercased, when the config sets it. */
  target?: string;
  /** `lib`, lowercased, when the config sets it (TypeScript's default takes in the DOM's types). */
  lib?: string[];
  /** include / exclude / files, relative to the project root (posix), as the effective config has them. */
  include?: string[];
  exclude?: string[];
  files?: string[];
  /** Problems reading it that the user should know about (an `extends` we could not follow). */
  warnings: string[];
}

export class TsconfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

interface RawConfig {
  extends?: string | string[];
  compilerOptions?: Record<string, unknown>;
  include?: string[];
  exclude?: string[];
  files?: string[];
  references?: { path: string }[];
}

function readRaw(file: string): RawConfig {
  let value: unknown;
  try {
    value = parseJsonc(readFileSync(file, "utf8"));
  } catch (error) {
    if (error instanceof JsoncError) throw new TsconfigError(file, `${file} is not valid JSON: ${error.message}`);
    throw new TsconfigError(file, `cannot read ${file}: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TsconfigError(file, `${file} is not a JSON object`);
  }
  return value as RawConfig;
}

/** Where an `extends` entry points: a relative path, or a package's file (resolved from the config's folder). */
function resolveExtends(from: string, specifier: string): string | undefined {
  const candidates = specifier.endsWith(".json") ? [specifier] : [specifier, `${specifier}.json`, `${specifier}/tsconfig.json`];
  if (specifier.startsWith(".") || isAbsolute(specifier)) {
    return candidates.map((candidate) => resolve(dirname(from), candidate)).find((file) => existsSync(file));
  }
  const require = createRequire(from);
  for (const candidate of candidates) {
    try {
      return require.resolve(candidate);
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

interface Effective {
  compilerOptions: Record<string, unknown>;
  include?: string[];
  exclude?: string[];
  files?: string[];
  references?: { path: string }[];
}

/** The config with its `extends` chain applied (compilerOptions merged; file lists from the nearest config that has them). */
function effective(file: string, root: string, warnings: string[], seen = new Set<string>()): Effective {
  if (seen.has(file)) throw new TsconfigError(file, `${file} extends itself (a cycle through ${[...seen].join(", ")})`);
  seen.add(file);
  const raw = readRaw(file);
  const toRoot = (patterns: string[] | undefined) =>
    patterns?.map((pattern) => relative(root, resolve(dirname(file), pattern)).split(sep).join(posix.sep) || ".");
  let base: Effective = { compilerOptions: {} };
  const parents = raw.extends === undefined ? [] : Array.isArray(raw.extends) ? raw.extends : [raw.extends];
  for (const parent of parents) {
    const parentFile = resolveExtends(file, parent);
    if (!parentFile) {
      warnings.push(`could not read "${parent}" (extended by ${relative(root, file)}); run your install first so its settings are seen`);
      continue;
    }
    const next = effective(parentFile, root, warnings, seen);
    base = {
      compilerOptions: { ...base.compilerOptions, ...next.compilerOptions },
      include: next.include ?? base.include,
      exclude: next.exclude ?? base.exclude,
      files: next.files ?? base.files,
    };
  }
  return {
    compilerOptions: { ...base.compilerOptions, ...(raw.compilerOptions ?? {}) },
    include: toRoot(raw.include) ?? base.include,
    exclude: toRoot(raw.exclude) ?? base.exclude,
    files: toRoot(raw.files) ?? base.files,
    references: raw.references,
  };
}

function lower(value: unknown): string | undefined {
  return typeof value === "string" ? value.toLowerCase() : undefined;
}

function info(path: string, config: Effective, warnings: string[]): TsconfigInfo {
  const options = config.compilerOptions;
  return {
    path,
    module: lower(options.module),
    moduleResolution: lower(options.moduleResolution),
    allowImportingTsExtensions: options.allowImportingTsExtensions === true,
    rewriteRelativeImportExtensions: options.rewriteRelativeImportExtensions === true,
    skipLibCheck: options.skipLibCheck === true,
    target: lower(options.target),
    lib: Array.isArray(options.lib) ? options.lib.map((entry) => String(entry).toLowerCase()) : undefined,
    include: config.include,
    exclude: config.exclude,
    files: config.files,
    warnings,
  };
}

/** True when a config's file lists take in `file` (a root-relative posix path). */
export function coversFile(config: Pick<TsconfigInfo, "include" | "exclude" | "files">, file: string): boolean {
  const matches = (pattern: string) => {
    if (pattern === "." || pattern === "") return true;
    if (!/[*?]/.test(pattern)) return file === pattern || file.startsWith(`${pattern.replace(/\/$/, "")}/`);
    return posix.matchesGlob?.(file, pattern) ?? false;
  };
  if (config.files && !config.include) return config.files.includes(file);
  const include = config.include ?? ["**/*"];
  const exclude = config.exclude ?? [];
  return include.some(matches) && !exclude.some(matches);
}

/**
 * The tsconfig that governs `sampleFile` (root-relative): tsconfig.json itself, or, for a
 * solution-style tsconfig.json (`files: []` plus references, as Vite writes them), the
 * referenced config whose file lists take the sample in. Undefined without a tsconfig.json.
 */
export function readTsconfig(root: string, sampleFile: string): TsconfigInfo | undefined {
  const main = join(root, "tsconfig.json");
  if (!existsSync(main)) return undefined;
  const warnings: string[] = [];
  const config = effective(main, root, warnings);
  const solutionStyle = config.references && config.references.length > 0 && config.files?.length === 0 && !config.include;
  if (solutionStyle) {
    for (const reference of config.references!) {
      let file = resolve(root, reference.path);
      if (!file.endsWith(".json")) file = join(file, "tsconfig.json");
      if (!existsSync(file)) continue;
      const referenced = effective(file, root, warnings);
      const candidate = info(relative(root, file).split(sep).join(posix.sep), referenced, warnings);
      if (coversFile(candidate, sampleFile)) return candidate;
    }
  }
  return info("tsconfig.json", config, warnings);
}

/** The effective moduleResolution, as TypeScript defaults it when unset. */
export function resolutionOf(config: TsconfigInfo): string {
  if (config.moduleResolution) return config.moduleResolution === "node" ? "node10" : config.moduleResolution;
  if (config.module === "nodenext" || config.module === "node20") return "nodenext";
  if (config.module === "node16" || config.module === "node18") return "node16";
  return "bundler";
}

/** How generated files must write relative imports so this config accepts them. */
export function importStyleOf(config: TsconfigInfo): ImportStyle {
  if (config.allowImportingTsExtensions || config.rewriteRelativeImportExtensions) return "ts";
  const resolution = resolutionOf(config);
  return resolution === "node16" || resolution === "nodenext" ? "js" : "none";
}

/** The ECMAScript year of a target or lib name (es6 = 2015, esnext = the future); undefined for others (dom). */
export function esYear(name: string): number | undefined {
  if (name === "esnext") return Number.POSITIVE_INFINITY;
  if (name === "es6") return 2015;
  if (name === "es5" || name === "es3") return 2009;
  const year = /^es(\d{4})$/.exec(name)?.[1];
  return year ? Number(year) : undefined;
}

/**
 * The newest ECMAScript library the config gives its program: from `lib`, else the one its
 * `target` implies (an unset target is taken to be a current one).
 */
export function libYear(config: TsconfigInfo): number {
  const names = config.lib ?? (config.target ? [config.target] : ["esnext"]);
  return Math.max(0, ...names.map((name) => esYear(name) ?? 0));
}

/** True when the config compiles to CommonJS, where import.meta and top-level await do not exist. */
export function emitsCommonJs(config: TsconfigInfo): boolean {
  return config.module === "commonjs";
}
