import { hashContent, MANIFEST_FILE } from "../../engine/manifest.ts";
import { formatJson } from "../../engine/package-json.ts";
import type { AgentProject } from "./project.ts";

/**
 * The manifest with the hash of every file a generator writes, so later commands know
 * these files are generated and whether the user changed them since. Undefined without a manifest.
 */
export function manifestWithHashes(project: AgentProject, files: ReadonlyMap<string, string>): string | undefined {
  if (!project.manifest) return undefined;
  const data = project.manifest.data;
  const hashes: Record<string, string> = { ...(typeof data.files === "object" && data.files !== null ? data.files : {}) };
  for (const [path, content] of files) if (path !== MANIFEST_FILE) hashes[path] = hashContent(content);
  return formatJson({ ...data, files: hashes });
}
