import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { planAdd, type AddPlanInput } from "../../src/commands/add/plan.ts";
import { readManifest } from "../../src/commands/add/preflight.ts";
import { writeInPlace } from "../../src/engine/apply.ts";
import { CREATED_LAYOUT, type AgentLayout } from "../../src/engine/layout.ts";
import { writesOf } from "../../src/engine/plan.ts";
import { renderProject } from "../../src/engine/project.ts";
import { resolveModules } from "../../src/registry/modules.ts";
import { findProvider } from "../../src/registry/providers.ts";

const openai = findProvider("openai")!;

function materialise(files: ReadonlyMap<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "c12fa-plan-"));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function created(modules: string[]): Map<string, string> {
  return renderProject({ name: "bot", provider: openai, model: openai.defaultModel, store: "file", modules: resolveModules(modules) });
}

function plan(root: string, modules: string[], overrides: Partial<AddPlanInput> = {}) {
  return planAdd({
    root,
    packageJsonText: readFileSync(join(root, "package.json"), "utf8"),
    manifest: readManifest(root),
    layout: CREATED_LAYOUT,
    requested: resolveModules(modules).filter((module) => modules.includes(module.id)),
    provider: openai,
    model: openai.defaultModel,
    name: "bot",
    declared: {},
    hostTypechecks: true,
    extraDevDependencies: [],
    ...overrides,
  });
}

function apply(root: string, planned: ReturnType<typeof plan>, force = false) {
  writeInPlace(root, writesOf(planned, force));
}

function read(root: string, path: string): string {
  return readFileSync(join(root, path), "utf8");
}

describe("add in a project made by create", () => {
  it("create(core, human-contact) + add http-api = create(core, human-contact, http-api), file for file", () => {
    const root = materialise(created(["core", "human-contact"]));
    const planned = plan(root, ["http-api"]);
    expect(planned.added.map((module) => module.id)).toEqual(["http-api"]);
    apply(root, planned);
    for (const [path, content] of created(["core", "human-contact", "http-api"])) expect(read(root, path), path).toBe(content);
  });

  it("a second add changes nothing", () => {
    const root = materialise(created(["core", "http-api"]));
    const planned = plan(root, ["http-api"]);
    expect(planned.operations.every((op) => op.kind === "skip")).toBe(true);
  });

  it("leaves the files of modules it was not asked about alone, even when the user edited them", () => {
    const root = materialise(created(["core"]));
    writeFileSync(join(root, "src/agent/loop.ts"), "// mine now\n");
    const planned = plan(root, ["http-api"]);
    expect(planned.operations.find((op) => op.path === "src/agent/loop.ts")).toBeUndefined();
    expect(planned.operations.filter((op) => op.kind === "conflict")).toEqual([]);
  });

  it("updates a generated file the new module changes when the user has not touched it, and calls it a conflict when they have", () => {
    const untouched = materialise(created(["core"]));
    expect(plan(untouched, ["http-api"]).operations.find((op) => op.path === "README.md")?.kind).toBe("update");
    const edited = materialise(created(["core"]));
    writeFileSync(join(edited, "README.md"), "# my bot\n");
    expect(plan(edited, ["http-api"]).operations.find((op) => op.path === "README.md")?.kind).toBe("conflict");
  });

  it("re-adding a module finds every file the user changed in it; --force restores them", () => {
    const root = materialise(created(["core", "http-api"]));
    writeFileSync(join(root, "src/http/auth.ts"), "// changed\n");
    const planned = plan(root, ["http-api"]);
    expect(planned.operations.filter((op) => op.kind === "conflict").map((op) => op.path)).toEqual(["src/http/auth.ts"]);
    apply(root, planned, true);
    expect(read(root, "src/http/auth.ts")).toBe(created(["core", "http-api"]).get("src/http/auth.ts"));
  });

  it("adds a module's tool to the registry the user extended, keeping their tools", () => {
    const root = materialise(created(["core"]));
    const registry = read(root, "src/tools/index.ts");
    const mine = registry.replace(/(\nexport const tools)/, `\nimport { lookupOrder } from "./lookup-order.ts";$1`).replace(/(\n\];?)/, `\n  lookupOrder,$1`);
    expect(mine).not.toBe(registry);
    writeFileSync(join(root, "src/tools/index.ts"), mine);
    const planned = plan(root, ["human-contact"]);
    const op = planned.operations.find((candidate) => candidate.path === "src/tools/index.ts");
    expect(op?.kind).toBe("update");
    apply(root, planned);
    const merged = read(root, "src/tools/index.ts");
    expect(merged).toContain("lookupOrder");
    expect(merged).toContain(`import { requestMoreInformation } from "./request-more-information.ts";`);
  });
});

describe("add in a repository", () => {
  const layout: AgentLayout = { agentDir: "lib/bot", imports: "none", tests: { dir: "test", suffix: ".test.ts" }, moduleScope: false, ownTsconfig: false, runner: "tsx" };
  const host = () =>
    materialise(
      new Map([
        ["package.json", `{\n  "name": "svc",\n  "type": "module",\n  "scripts": { "dev": "tsx src/index.ts", "test": "vitest run" },\n  "dependencies": { "zod": "^3.23.0" }\n}\n`],
        [".env.example", "DATABASE_URL=postgres://localhost/svc\n"],
        ["src/index.ts", "export {};\n"],
      ]),
    );

  it("writes the agent under its folder and merges the shared files; the host's own files are not in the plan", () => {
    const root = host();
    const planned = plan(root, ["core"], { layout, extraDevDependencies: ["tsx"] });
    const paths = planned.operations.map((op) => op.path);
    expect(paths.filter((path) => !["package.json", ".env.example", ".gitignore", "12-factor-agent.json"].includes(path)).every((path) => path.startsWith("lib/bot/"))).toBe(true);
    expect(paths).not.toContain("src/index.ts");
    apply(root, planned);

    const pkg = JSON.parse(read(root, "package.json"));
    expect(pkg.scripts).toMatchObject({ dev: "tsx src/index.ts", test: "vitest run", "agent:dev": "node --import tsx --env-file-if-exists=.env lib/bot/cli.ts", "agent:test": "vitest run --root lib/bot" });
    expect(pkg.dependencies.zod).toBe("^3.23.0");
    expect(planned.kept).toEqual([{ name: "zod", have: "^3.23.0", want: "4.6.7" }]);
    expect(planned.notices.join("\n")).toContain("zod: package.json has ^3.23.0");
    expect(read(root, ".env.example")).toMatch(/^DATABASE_URL=postgres:\/\/localhost\/svc\n\n# --- OpenAI ---\n# .*\nOPENAI_API_KEY=/);
    expect(read(root, ".gitignore")).toContain(".data/");
    expect(read(root, "lib/bot/loop.ts")).toContain(`from "./tools/index"`);

    const manifest = JSON.parse(read(root, "12-factor-agent.json"));
    expect(manifest).toMatchObject({ modules: ["core"], agentDir: "lib/bot", layout: { imports: "none", runner: "tsx" } });
    expect(Object.keys(manifest.files)).toContain("lib/bot/tools/index.ts");

    const again = plan(root, ["core"], { layout, extraDevDependencies: ["tsx"] });
    expect(again.operations.filter((op) => op.kind !== "skip")).toEqual([]);
  });
});
