import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import { planAdd } from "../../src/commands/add/plan.ts";
import { planPrompt } from "../../src/commands/generate/plan-prompt.ts";
import { planTool } from "../../src/commands/generate/plan-tool.ts";
import { openProject } from "../../src/commands/generate/project.ts";
import type { AgentLayout } from "../../src/engine/layout.ts";
import { hashContent, MANIFEST_FILE, type AgentManifest } from "../../src/engine/manifest.ts";
import { writesOf, type Plan } from "../../src/engine/plan.ts";
import { resolveModules } from "../../src/registry/modules.ts";
import { findProvider } from "../../src/registry/providers.ts";
import { applied, memoryTree } from "./generate-tree.ts";

// `generate` in a repository the agent was added to: the files land in the agent's folder,
// beside what `add core` wrote there, and import it the way the host's compiler resolves.

const openai = findProvider("openai")!;

const HOST_PACKAGE = `${JSON.stringify({ name: "orders-api", type: "module", scripts: { typecheck: "tsc --noEmit", test: "vitest run" } }, null, 2)}\n`;

/** A service with only a package.json, after `add core` with this layout, as a map of its files. */
function hostWithCore(layout: AgentLayout): Map<string, string> {
  const root = mkdtempSync(join(tmpdir(), "c12fa-generate-host-"));
  writeFileSync(join(root, "package.json"), HOST_PACKAGE);
  const planned = planAdd({
    root,
    packageJsonText: HOST_PACKAGE,
    manifest: undefined,
    layout,
    requested: resolveModules(["core"]).filter((module) => module.id === "core"),
    provider: openai,
    model: openai.defaultModel,
    name: "orders-api",
    declared: {},
    hostTypechecks: true,
    extraDevDependencies: [],
  });
  const files = new Map<string, string>([["package.json", HOST_PACKAGE]]);
  for (const write of writesOf(planned, false)) files.set(write.path, write.content);
  return files;
}

const NODENEXT: AgentLayout = {
  agentDir: "src/agent",
  imports: "js",
  tests: { dir: "test", suffix: ".test.ts" },
  moduleScope: false,
  ownTsconfig: false,
  runner: "tsx",
};

const BUNDLER_OTHER_RUNNER: AgentLayout = {
  agentDir: "src/agent",
  imports: "none",
  tests: { dir: "tests", suffix: ".vitest.ts" },
  moduleScope: false,
  ownTsconfig: false,
  runner: "tsx",
};

function created(plan: Plan): Map<string, string> {
  return new Map(plan.operations.flatMap((op) => (op.kind === "create" ? [[op.path, op.content] as const] : [])));
}

function changed(plan: Plan): string[] {
  return plan.operations.map((op) => `${op.kind} ${op.path}`);
}

/** The relative module specifiers a TypeScript file imports. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/from "(\.{1,2}\/[^"]+)"/g)].map((match) => match[1]!);
}

/** The file a specifier names, resolved the way the layout's compiler resolves it. */
function resolved(files: ReadonlyMap<string, string>, fromFile: string, specifier: string): string | undefined {
  const base = posix.join(posix.dirname(fromFile), specifier);
  const candidates = [base, base.replace(/\.js$/, ".ts"), `${base}.ts`];
  return candidates.find((path) => path.endsWith(".ts") && files.has(path));
}

describe.each([
  { host: "NodeNext (imports end in .js)", layout: NODENEXT, ext: ".js", testsDir: "src/agent/test", suffix: ".test.ts" },
  { host: "Bundler (extensionless imports), tests beside another runner's", layout: BUNDLER_OTHER_RUNNER, ext: "", testsDir: "src/agent/tests", suffix: ".vitest.ts" },
])("generate in a $host host after add core", ({ layout, ext, testsDir, suffix }) => {
  const files = hostWithCore(layout);
  const manifest = JSON.parse(files.get(MANIFEST_FILE)!) as AgentManifest;

  it("starts from what add wrote: the registry in the agent folder, the layout in the manifest", () => {
    expect(manifest.agentDir).toBe("src/agent");
    expect(manifest.layout?.imports).toBe(layout.imports);
    expect(files.get("src/agent/tools/index.ts")).toContain(`import { add } from "./add${ext}";`);
    expect(files.has("src/tools/index.ts")).toBe(false);
  });

  describe("generate tool refund-order --approval", () => {
    const project = openProject(memoryTree(files));
    const { plan, nextSteps } = planTool(project, { name: "refund-order", approval: true });
    const toolPath = "src/agent/tools/refund-order.ts";
    const testPath = `${testsDir}/tools/refund-order${suffix}`;
    const after = applied(files, plan);

    it("writes the tool beside the agent's tools and its test among the agent's tests, and registers it", () => {
      expect(changed(plan)).toEqual([`create ${toolPath}`, `create ${testPath}`, "update src/agent/tools/index.ts", `update ${MANIFEST_FILE}`]);
      expect(after.get("src/agent/tools/index.ts")).toContain(`import { refundOrder } from "./refund-order${ext}";`);
      expect(after.get("src/agent/tools/index.ts")).toMatch(/\n\s+refundOrder,?\n/);
    });

    it("spells every import the host's way, and each one names a file the agent has", () => {
      const tool = created(plan).get(toolPath)!;
      const test = created(plan).get(testPath)!;
      expect(tool).toContain(`import { defineTool } from "./types${ext}";`);
      expect(test).toContain(`import { advance } from "../../loop${ext}";`);
      expect(test).toContain(`import { MemoryThreadStore } from "../../store/memory-store${ext}";`);
      expect(test).toContain(`import { scriptedModel, type ScriptedStep } from "../helpers/scripted-model${ext}";`);
      expect(test).toContain(`import { refundOrder } from "../../tools/refund-order${ext}";`);
      for (const [path, source] of [[toolPath, tool], [testPath, test], ["src/agent/tools/index.ts", after.get("src/agent/tools/index.ts")!]] as const) {
        for (const specifier of specifiers(source)) {
          if (ext === ".js") expect(specifier, `${path}: ${specifier}`).toMatch(/\.js$/);
          else expect(specifier, `${path}: ${specifier}`).not.toMatch(/\.[jt]s$/);
          expect(resolved(after, path, specifier), `${path} imports ${specifier}`).toBeDefined();
        }
      }
    });

    it("writes the loop tests (the core is there) with the approval check", () => {
      expect(plan.notices).toEqual([]);
      expect(created(plan).get(testPath)).toContain('expect(statusOf(thread.events)).toBe("awaiting_approval");');
    });

    it("records the new files' hashes in the manifest and keeps the layout", () => {
      const next = JSON.parse(after.get(MANIFEST_FILE)!) as AgentManifest;
      expect(next.files[toolPath]).toBe(hashContent(after.get(toolPath)!));
      expect(next.files[testPath]).toBe(hashContent(after.get(testPath)!));
      expect(next.agentDir).toBe("src/agent");
      expect(next.layout).toEqual(manifest.layout);
    });

    it("tells the user the agent's test script, not the service's", () => {
      expect(project.script("test")).toBe("npm run agent:test");
      expect(nextSteps[0]).toContain(toolPath);
    });

    it("refuses the same tool twice, naming the file in the agent folder", () => {
      expect(() => planTool(openProject(memoryTree(after)), { name: "refundOrder" })).toThrow(`${toolPath} exists already`);
    });
  });

  describe("generate prompt triage", () => {
    const project = openProject(memoryTree(files));
    const { plan, nextSteps } = planPrompt(project, { name: "triage" });
    const promptPath = "src/agent/prompts/triage.md";
    const testPath = `${testsDir}/prompts/triage${suffix}`;
    const after = applied(files, plan);

    it("writes the prompt into the agent's prompts folder and its variables into the agent's prompt-variables file", () => {
      expect(files.has("src/agent/prompts/system.md")).toBe(true);
      expect(changed(plan)).toEqual([`create ${promptPath}`, `create ${testPath}`, "update src/agent/prompt-variables.ts", `update ${MANIFEST_FILE}`]);
      expect(after.get("src/agent/prompt-variables.ts")).toContain(`/** ${promptPath} */`);
      expect(after.get("src/agent/prompt-variables.ts")).toContain("triage: { context: string; input: string };");
    });

    it("imports renderPrompt the host's way", () => {
      const test = created(plan).get(testPath)!;
      expect(test).toContain(`import { renderPrompt } from "../../prompts${ext}";`);
      for (const specifier of specifiers(test)) expect(resolved(after, testPath, specifier), specifier).toBeDefined();
    });

    it("names the host's scripts in the next steps", () => {
      expect(nextSteps.join("\n")).toContain(promptPath);
      expect(nextSteps.join("\n")).toContain("renderPrompt(\"triage\", { context, input }) from src/agent/prompts.ts");
    });
  });
});

describe("generate in a created project keeps create's spelling", () => {
  it("imports with .ts, tests in test/, and npm test", async () => {
    const { createdProject } = await import("./generate-tree.ts");
    const project = openProject(memoryTree(createdProject()));
    expect(project.paths).toMatchObject({ registry: "src/tools/index.ts", testDir: "test", testSuffix: ".test.ts", imports: "ts", promptsDir: "prompts" });
    expect(project.script("test")).toBe("npm test");
  });
});
