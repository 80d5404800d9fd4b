import type { AgentLayout } from "../../engine/layout.ts";
import type { PackageName } from "../../registry/versions.ts";
import type { ProjectShape } from "../../detect/project.ts";
import { globsCover, VITEST_DEFAULT_INCLUDE, vitestInclude } from "../../detect/test-runner.ts";
import { coversFile, emitsCommonJs, importStyleOf, libYear, resolutionOf } from "../../detect/tsconfig.ts";
import { UserError } from "../../ui/errors.ts";

// How the agent's files are written into a repository, decided from what it is. Every fact
// used is shown to the user in the summary, with what follows from it.

export interface LayoutDecision {
  layout: AgentLayout;
  /** Compiler options the host's tsconfig strictly needs for the agent's dependencies to check. */
  tsconfigEdits: { path: string; option: string; value: unknown }[];
  /** Dev dependencies the host needs for the agent beyond the modules' own (tsx, @types/json-schema). */
  extraDevDependencies: PackageName[];
  /** The host's own scripts typecheck the agent folder already. */
  hostTypechecks: boolean;
  /** The host's `test` script runs the agent's tests too. */
  testsRunWithHost: boolean;
  /** `label: what we saw -> what we do`, for the summary. */
  facts: [string, string][];
  notices: string[];
}

const AGENT_LIB_YEAR = 2023;

const EXTENSION_WORDS = { ts: "with .ts (your tsconfig allows it)", js: "with .js", none: "without an extension" } as const;

export function decideLayout(root: string, agentDir: string, shape: ProjectShape, scripts: Record<string, string>): LayoutDecision {
  const facts: [string, string][] = [];
  const notices: string[] = [...(shape.typescript?.warnings ?? [])];
  const ts = shape.typescript;
  const sample = `${agentDir}/index.ts`;
  const commonJsTs = ts !== undefined && emitsCommonJs(ts);

  if (commonJsTs && coversFile(ts, sample)) {
    throw new UserError(`${ts.path} compiles to CommonJS ("module": "commonjs"), and the agent's files are ES modules (top-level await, import.meta)`, {
      exitCode: 1,
      details: [
        `either move the project to ES modules: "module": "nodenext" in ${ts.path} and "type": "module" in package.json,`,
        `or keep the agent out of this TypeScript program: add "agent" to "exclude" in ${ts.path}, then run add again with --dir agent`,
        "(nothing was written)",
      ],
    });
  }

  const island = ts === undefined || commonJsTs;
  const runsVitest = shape.test.runner === "vitest";
  const tests = runsVitest ? { dir: "test", suffix: ".test.ts" } : { dir: "tests", suffix: ".vitest.ts" };
  const layoutBase = { agentDir, tests, moduleScope: shape.moduleType !== "module" };

  let layout: AgentLayout;
  if (island) {
    layout = { ...layoutBase, imports: "ts", ownTsconfig: true, runner: "node" };
    facts.push([
      ts === undefined ? `JavaScript (${shape.moduleType === "module" ? "ES modules" : "CommonJS"})` : `TypeScript to CommonJS, ${agentDir} outside ${ts.path}`,
      `the agent is a TypeScript folder of its own: ${agentDir}/ with its own tsconfig.json${layoutBase.moduleScope ? ' and a package.json that says "type": "module"' : ""}; Node >= 22.18 runs it without a build step`,
    ]);
  } else {
    const imports = importStyleOf(ts);
    layout = { ...layoutBase, imports, ownTsconfig: false, runner: imports === "ts" ? "node" : "tsx" };
    facts.push([`TypeScript (${ts.path}: ${ts.module ? `module ${ts.module}, ` : ""}${resolutionOf(ts)} resolution)`, `relative imports written ${EXTENSION_WORDS[imports]}`]);
    if (layoutBase.moduleScope) facts.push(['package.json has no "type": "module"', `${agentDir}/package.json marks the agent's folder as ES modules`]);
    if (!coversFile(ts, sample)) notices.push(`${ts.path} does not take in ${agentDir}/ (its include/exclude), so your typecheck will not see the agent; add it to "include"`);
  }

  const extraDevDependencies: PackageName[] = [];
  const needsTsx = layout.runner === "tsx" && shape.tsRunner === undefined;
  if (needsTsx) extraDevDependencies.push("tsx");
  if (layout.runner === "tsx") facts.push([`imports are not .ts`, `entry points run with node --import tsx${needsTsx ? " (tsx is added as a dev dependency)" : ""}`]);
  const tsconfigEdits: LayoutDecision["tsconfigEdits"] = [];
  if (!island && !ts.skipLibCheck) {
    if (ts.lib && !ts.lib.some((entry) => entry === "dom" || entry.startsWith("dom."))) {
      // The AI SDK's and Hono's declarations name DOM types (HeadersInit, ...): without the DOM lib they only check skipped.
      tsconfigEdits.push({ path: ts.path, option: "skipLibCheck", value: true });
      facts.push([`${ts.path} checks libraries, no DOM lib`, '"skipLibCheck": true (the AI SDK\'s declarations use DOM types)']);
    } else {
      extraDevDependencies.push("@types/json-schema");
      facts.push([`${ts.path} checks libraries`, "@types/json-schema is added (the AI SDK's declarations import it)"]);
    }
  }

  const hostTypechecks = !island && Object.values(scripts).some((command) => /\btsc\b/.test(command)) && coversFile(ts!, sample);

  let testsRunWithHost = false;
  if (runsVitest) {
    const config = vitestInclude(root);
    const include = config?.include ?? (config ? undefined : VITEST_DEFAULT_INCLUDE);
    testsRunWithHost = include !== undefined && globsCover(include, `${agentDir}/test/loop.test.ts`);
    facts.push(["tests: vitest", testsRunWithHost ? "the agent's tests run with yours (and alone with their own script)" : "the agent's tests run with their own script"]);
    if (config && include !== undefined && !testsRunWithHost) {
      notices.push(`${config.config} sets test.include without ${agentDir}/test: add "${agentDir}/test/**/*.test.ts" to run the agent's tests with yours`);
    }
  } else {
    const runner = shape.test.runner ?? "no test runner";
    facts.push([
      `tests: ${runner}`,
      `the agent's tests are vitest files, ${agentDir}/tests/*.vitest.ts, which ${shape.test.runner ?? "a test runner"} does not collect; they run with their own script`,
    ]);
  }

  // The agent uses ES2023's library (findLast, toSorted), which Node >= 22 has.
  if (!island && libYear(ts) < AGENT_LIB_YEAR) {
    const lib = [...(ts.lib ?? [ts.target ?? "es2022", "dom", "dom.iterable"]), `es${AGENT_LIB_YEAR}`];
    tsconfigEdits.push({ path: ts.path, option: "lib", value: lib });
    facts.push([`${ts.path}: library below ES${AGENT_LIB_YEAR}`, `"es${AGENT_LIB_YEAR}" added to "lib" (Node 22 has it; the agent uses it)`]);
  }

  return { layout, tsconfigEdits, extraDevDependencies, hostTypechecks, testsRunWithHost, facts, notices };
}
