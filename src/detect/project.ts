import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { detectHttpFramework, type HttpFramework } from "./http-framework.ts";
import { detectProjectPackageManager, type ProjectPackageManager } from "./lockfile.ts";
import { detectTestSetup, type TestSetup } from "./test-runner.ts";
import { readTsconfig, type TsconfigInfo } from "./tsconfig.ts";

// What an existing repository looks like, read without changing anything: how its modules
// are compiled and resolved, where its source lives, what runs its tests, which package
// manager and HTTP framework it uses. `add` makes the files it generates follow all of it.

export type PackageJson = Record<string, unknown> & {
  name?: string;
  type?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

export type PackageJsonProblem =
  | { kind: "missing"; file: string }
  | { kind: "unreadable"; file: string; message: string }
  | { kind: "invalid"; file: string; message: string };

export class PackageJsonError extends Error {
  constructor(readonly problem: PackageJsonProblem) {
    super(problem.kind === "missing" ? `no package.json in ${problem.file}` : problem.message);
  }
}

/** package.json as text and as data; a PackageJsonError says what is wrong with it. */
export function readPackageJson(root: string): { text: string; json: PackageJson } {
  const file = join(root, "package.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new PackageJsonError({ kind: "missing", file: root });
    throw new PackageJsonError({ kind: "unreadable", file, message: (error as Error).message });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PackageJsonError({ kind: "invalid", file, message: (error as Error).message });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new PackageJsonError({ kind: "invalid", file, message: "it is not a JSON object" });
  }
  return { text, json: json as PackageJson };
}

export interface ProjectShape {
  /** What Node makes of a .js/.ts file here: package.json "type". */
  moduleType: "module" | "commonjs";
  /** The tsconfig that governs the agent folder; undefined in a JavaScript project. */
  typescript: TsconfigInfo | undefined;
  /** Where the host's source lives: `src` when there is such a folder, else the root. */
  sourceDir: "src" | ".";
  test: TestSetup;
  packageManager: ProjectPackageManager;
  framework: HttpFramework | undefined;
  /** A TypeScript runner the project already has (used to run entry points whose imports are not `.ts`). */
  tsRunner: "tsx" | undefined;
  /** Every declared dependency, any section: name -> range. */
  declared: Record<string, string>;
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

export function sourceDirOf(root: string): "src" | "." {
  return isDirectory(join(root, "src")) ? "src" : ".";
}

/** The default agent folder: `src/agent`, or `agent` in a project without src/. */
export function defaultAgentDir(root: string): string {
  return sourceDirOf(root) === "src" ? "src/agent" : "agent";
}

export function detectProjectShape(root: string, packageJson: PackageJson, agentDir: string): ProjectShape {
  const declared: Record<string, string> = {
    ...(packageJson.peerDependencies as Record<string, string> | undefined),
    ...(packageJson.optionalDependencies as Record<string, string> | undefined),
    ...packageJson.devDependencies,
    ...packageJson.dependencies,
  };
  return {
    moduleType: packageJson.type === "module" ? "module" : "commonjs",
    typescript: readTsconfig(root, `${agentDir}/index.ts`),
    sourceDir: sourceDirOf(root),
    test: detectTestSetup(packageJson.scripts ?? {}, declared),
    packageManager: detectProjectPackageManager(root),
    framework: detectHttpFramework({ ...packageJson.dependencies, ...packageJson.devDependencies }),
    tsRunner: declared.tsx ? "tsx" : undefined,
    declared,
  };
}
