import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH = path.resolve(fileURLToPath(import.meta.url), "../..");
export const ROOT = path.dirname(BENCH);
/** Everything the bench writes: rendered projects, installs, stores, the last run's tables. */
export const WORK = path.join(BENCH, ".work");
export const PEERS = path.join(BENCH, "peers");
export const NODE = process.execPath;
/**
 * The CLI as npm would publish it (bin, dist, templates, package.json), built by the
 * bench into a folder of its own: the tests rebuild dist/ whenever they run, and a
 * build landing mid-measurement would break or skew it.
 */
export const OUR_PACKAGE = path.join(WORK, "cli-package");
export const OUR_BIN = path.join(OUR_PACKAGE, "bin", "create-12-factor-agent.js");

/** A file inside an installed peer package. */
export function peerFile(pkg: string, file: string): string {
  return path.join(PEERS, "node_modules", pkg, file);
}
