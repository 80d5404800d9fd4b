import { isAbsolute, normalize, posix, resolve, sep } from "node:path";
import { statSync } from "node:fs";
import { findProvider, PROVIDER_IDS } from "../../registry/providers.ts";
import { MODULE_IDS, resolveModules, UnknownModuleError } from "../../registry/modules.ts";
import type { ModuleManifest, ProviderManifest } from "../../registry/types.ts";
import { UserError } from "../../ui/errors.ts";

/** The flags as commander parsed them; undefined means "not given". */
export interface AddFlags {
  cwd?: string;
  dir?: string;
  provider?: string;
  model?: string;
  dryRun?: boolean;
  force?: boolean;
  yes?: boolean;
}

/** The modules asked for, each known; exit 2 naming the known ones otherwise. */
export function parseRequestedModules(ids: readonly string[]): ModuleManifest[] {
  const wanted = ids.flatMap((id) => id.split(",")).map((id) => id.trim()).filter(Boolean);
  if (wanted.length === 0) {
    throw new UserError(`name at least one module to add; known modules: ${MODULE_IDS.join(", ")}`, {
      details: ["e.g. create-12-factor-agent add http-api"],
    });
  }
  try {
    return resolveModules(wanted).filter((module) => wanted.includes(module.id));
  } catch (error) {
    if (error instanceof UnknownModuleError) {
      throw new UserError(error.message, { details: ["run `create-12-factor-agent list` to see what each one does"] });
    }
    throw error;
  }
}

export function parseProviderFlag(value: string): ProviderManifest {
  const provider = findProvider(value);
  if (!provider) throw new UserError(`unknown provider "${value}"; use --provider with one of: ${PROVIDER_IDS.join(", ")}`);
  return provider;
}

/** The project directory: --cwd or the current one; it must exist. */
export function resolveProjectRoot(cwd: string | undefined): string {
  const root = resolve(process.cwd(), cwd ?? ".");
  const stats = statSync(root, { throwIfNoEntry: false });
  if (!stats?.isDirectory()) {
    throw new UserError(`--cwd ${cwd}: ${stats ? "is not a directory" : "no such directory"}`, { exitCode: 1 });
  }
  return root;
}

const RESERVED = new Set(["node_modules", ".git"]);

/**
 * --dir as a root-relative posix path inside the project, or a usage error that says why not.
 * The agent never goes at the root itself or outside the project.
 */
export function parseAgentDir(value: string, root: string): string {
  const fail = (why: string) => new UserError(`--dir ${value}: ${why}`, { details: ["e.g. --dir src/agent or --dir lib/support-agent"] });
  if (value.trim() === "") throw fail("it is empty");
  const absolute = isAbsolute(value) ? normalize(value) : resolve(root, value);
  const relative = absolute.startsWith(root + sep) ? absolute.slice(root.length + 1) : undefined;
  if (relative === undefined) throw fail(absolute === root ? "it is the project root; the agent needs a folder of its own" : "it is outside the project");
  const dir = relative.split(sep).join(posix.sep).replace(/\/+$/, "");
  const parts = dir.split("/");
  if (parts.some((part) => RESERVED.has(part))) throw fail(`it is inside ${parts.find((part) => RESERVED.has(part))}`);
  return dir;
}
