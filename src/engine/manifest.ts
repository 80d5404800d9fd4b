import { createHash } from "node:crypto";
import type { ModuleId, ProviderId, StoreId } from "../registry/types.ts";
import type { AgentLayout } from "./layout.ts";

/** Written at the project root so later commands know what was generated and what the user changed. */
export const MANIFEST_FILE = "12-factor-agent.json";

export interface AgentManifest {
  cliVersion: string;
  provider: ProviderId;
  model: string;
  store: StoreId;
  modules: ModuleId[];
  /**
   * Written by `add` in a repository that existed before (absent in a project made by create):
   * the folder the agent lives in, root-relative. `layoutOf` in engine/layout.ts maps template
   * paths (src/tools/index.ts, prompts/, test/) to where they are in this project.
   */
  agentDir?: string;
  /** How files in agentDir are written (import style, test naming, ...), as `add` chose them. */
  layout?: Omit<AgentLayout, "agentDir">;
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
