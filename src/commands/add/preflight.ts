import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PackageJsonError, readPackageJson, type PackageJson } from "../../detect/project.ts";
import { MANIFEST_FILE, type AgentManifest } from "../../engine/manifest.ts";
import { MODULE_IDS } from "../../registry/modules.ts";
import { UserError } from "../../ui/errors.ts";

// Checks before anything is planned, each a named error that says what to do. None writes.

export function readHostPackageJson(root: string): { text: string; json: PackageJson } {
  try {
    return readPackageJson(root);
  } catch (error) {
    if (!(error instanceof PackageJsonError)) throw error;
    const problem = error.problem;
    if (problem.kind === "missing") {
      throw new UserError(`there is no package.json in ${root}, and add works inside an existing project`, {
        exitCode: 1,
        details: [
          "run it in your project's folder (or pass --cwd <folder>),",
          "or start a new agent project: npx create-12-factor-agent my-agent",
        ],
      });
    }
    if (problem.kind === "unreadable") {
      throw new UserError(`cannot read ${problem.file}: ${problem.message}`, { exitCode: 1, details: ["fix its permissions and run add again (nothing was written)"] });
    }
    throw new UserError(`${problem.file} is not valid JSON: ${problem.message}`, {
      exitCode: 1,
      details: ["fix package.json (your package manager would fail on it too) and run add again (nothing was written)"],
    });
  }
}

export function readManifest(root: string): AgentManifest | undefined {
  const file = join(root, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`, { exitCode: 1 });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`, {
      exitCode: 1,
      details: [`fix it (git diff ${MANIFEST_FILE} shows what changed) and run add again (nothing was written)`],
    });
  }
  const manifest = data as Partial<AgentManifest>;
  if (typeof data !== "object" || data === null || !Array.isArray(manifest.modules) || typeof manifest.files !== "object" || manifest.files === null) {
    throw new UserError(`${file} is not a create-12-factor-agent manifest (it needs "modules" and "files")`, {
      exitCode: 1,
      details: [`restore it from git, or remove it if this project has no agent yet (nothing was written)`],
    });
  }
  const unknown = manifest.modules.filter((id) => !MODULE_IDS.includes(id));
  if (unknown.length > 0) {
    throw new UserError(`${MANIFEST_FILE} lists module${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}, which this version of create-12-factor-agent does not know`, {
      exitCode: 1,
      details: ["run the latest version: npx create-12-factor-agent@latest add ..."],
    });
  }
  return manifest as AgentManifest;
}

/** The agent folder must be ours or new: `add` never mixes its files with the host's own. */
export function checkAgentDir(root: string, agentDir: string, manifest: AgentManifest | undefined): void {
  if (manifest?.agentDir === agentDir) return;
  const dir = join(root, agentDir);
  const stats = statSync(dir, { throwIfNoEntry: false });
  if (!stats) return;
  if (!stats.isDirectory()) throw new UserError(`${agentDir} exists and is a file; choose another folder with --dir`, { exitCode: 1 });
  const entries = readdirSync(dir).filter((entry) => entry !== ".DS_Store");
  if (entries.length === 0) return;
  throw new UserError(`${agentDir}/ already exists with files of yours (${entries.slice(0, 5).join(", ")}${entries.length > 5 ? ", ..." : ""})`, {
    exitCode: 1,
    details: [`the agent goes in a folder of its own: pass --dir with a new one, e.g. --dir ${agentDir}-12f (nothing was written)`],
  });
}
