import { cpSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { NODE, OUR_BIN, OUR_PACKAGE, PEERS, ROOT, WORK } from "./paths.ts";
import { run } from "./proc.ts";

// What every part needs before it measures: the peers installed at their pinned
// versions, the CLI built, and projects rendered by it.

const NPM_QUIET = ["--no-audit", "--no-fund", "--loglevel=error"];

/** `npm ci` in bench/peers when its node_modules is missing or older than its lockfile. */
export function ensurePeers(log: (line: string) => void): void {
  const installed = path.join(PEERS, "node_modules", ".package-lock.json");
  const lock = path.join(PEERS, "package-lock.json");
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log("installing the peers (npm ci in bench/peers) ...");
  const { ms } = run("npm", ["ci", ...NPM_QUIET], { cwd: PEERS });
  log(`peers installed in ${(ms / 1000).toFixed(1)} s`);
}

let built = false;

/** Builds and packs the CLI once per run (bench/.work/cli-package), so the bench measures the sources as they are. */
export function buildCli(log: (line: string) => void): void {
  if (built) return;
  rmSync(OUR_PACKAGE, { recursive: true, force: true });
  const dist = path.join(OUR_PACKAGE, "dist");
  run(NODE, [path.join(ROOT, "node_modules", "tsup", "dist", "cli-default.js"), "--silent", "--out-dir", dist], { cwd: ROOT });
  for (const entry of ["bin", "templates", "package.json"]) cpSync(path.join(ROOT, entry), path.join(OUR_PACKAGE, entry), { recursive: true });
  built = true;
  log("built and packed the CLI (tsup into bench/.work/cli-package)");
}

/** Renders a project with the built CLI into bench/.work/<name>, replacing an older one. */
export function renderOurProject(name: string, flags: readonly string[] = []): string {
  mkdirSync(WORK, { recursive: true });
  const dir = path.join(WORK, name);
  rmSync(dir, { recursive: true, force: true });
  run(NODE, [OUR_BIN, name, "--yes", "--no-install", "--no-git", ...flags], { cwd: WORK });
  return dir;
}

const installedProjects = new Map<string, string>();

/**
 * A project rendered and installed once per run, for the runtime and serving parts:
 * `default` is what `create-12-factor-agent x --yes` makes; `postgres` adds postgres-store.
 */
export function installedOurProject(kind: "default" | "postgres", log: (line: string) => void): string {
  const known = installedProjects.get(kind);
  if (known) return known;
  const flags = kind === "postgres" ? ["--modules", "core,human-contact,http-api,postgres-store", "--store", "postgres"] : [];
  const dir = renderOurProject(kind === "postgres" ? "ours-postgres" : "ours", flags);
  const { ms } = run("npm", ["install", ...NPM_QUIET], { cwd: dir });
  log(`rendered and installed our ${kind} project in ${(ms / 1000).toFixed(1)} s (${path.relative(ROOT, dir)})`);
  installedProjects.set(kind, dir);
  return dir;
}
