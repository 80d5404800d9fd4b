import { createHash } from "node:crypto";
import type { ModuleId, ProviderId, StoreId } from "../registry/types.ts";

/** Written at the project root so later commands know what was generated and what the user changed. */
export const MANIFEST_FILE = "12-factor-agent.json";

export interface AgentManifest {
  cliVersion: string;
  provider: ProviderId;
  model: string;
  store: StoreId;
  modules: ModuleId[];
  /** Content hash of every generated file as it was written; a different hash means the user edited it. */
  files: Record<string, string>;
}

export function hashContent(content: string): string {
  return `sha256-${createHash("sha256").update(content).digest("hex")}`;
}

export function hashFiles(files: ReadonlyMap<string, string>, exclude: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(
    [...files].filter(([path]) => !exclude.has(path)).map(([path, content]) => [path, hashContent(content)]),
  );
}
