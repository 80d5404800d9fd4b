import { describe, expect, it } from "vitest";
import { renderAgent } from "../../src/commands/add/render.ts";
import { CREATED_LAYOUT, importSpecifier, layoutOf, mapTemplatePath, type AgentLayout } from "../../src/engine/layout.ts";
import { MODULES, resolveModules } from "../../src/registry/modules.ts";
import { PROVIDERS } from "../../src/registry/providers.ts";

const host: AgentLayout = {
  agentDir: "src/agent",
  imports: "js",
  tests: { dir: "test", suffix: ".test.ts" },
  moduleScope: false,
  ownTsconfig: false,
  runner: "tsx",
};

describe("where template files go in a repository", () => {
  it.each([
    ["src/agent/loop.ts", "src/agent/loop.ts"],
    ["src/tools/index.ts", "src/agent/tools/index.ts"],
    ["src/http/app.ts", "src/agent/http/app.ts"],
    ["src/server.ts", "src/agent/server.ts"],
    ["prompts/system.md", "src/agent/prompts/system.md"],
    ["evals/cases.ts", "src/agent/evals/cases.ts"],
    ["test/loop.test.ts", "src/agent/test/loop.test.ts"],
    ["test/helpers/http.ts", "src/agent/test/helpers/http.ts"],
    ["prompts/", "src/agent/prompts/"],
    ["migrations/001_threads.sql", "src/agent/migrations/001_threads.sql"],
    ["docker-compose.yml", "src/agent/docker-compose.yml"],
  ])("%s -> %s", (template, target) => {
    expect(mapTemplatePath(host, template)).toBe(target);
  });

  it("leaves project-level files to the host (its own package.json, tsconfig, README)", () => {
    for (const file of ["package.json", "tsconfig.json", "vitest.config.ts", "README.md", ".gitignore", ".env.example"]) {
      expect(mapTemplatePath(host, file), file).toBeUndefined();
    }
  });

  it("names tests so a runner that is not vitest does not collect them", () => {
    const other = { ...host, tests: { dir: "tests", suffix: ".vitest.ts" } };
    expect(mapTemplatePath(other, "test/loop.test.ts")).toBe("src/agent/tests/loop.vitest.ts");
    expect(mapTemplatePath(other, "test/helpers/scripted-model.ts")).toBe("src/agent/tests/helpers/scripted-model.ts");
  });

  it("keeps every path in a project made by create", () => {
    expect(mapTemplatePath(CREATED_LAYOUT, "src/tools/index.ts")).toBe("src/tools/index.ts");
    expect(mapTemplatePath(CREATED_LAYOUT, "package.json")).toBe("package.json");
    expect(layoutOf({})).toEqual(CREATED_LAYOUT);
    expect(layoutOf({ agentDir: "lib/bot", layout: { ...host } }).agentDir).toBe("lib/bot");
  });

  it("maps every module's files to distinct paths inside the agent folder, for every provider and framework", { timeout: 30_000 }, () => {
    const modules = resolveModules(MODULES.map((module) => module.id));
    const cells = [
      ...PROVIDERS.map((provider) => ({ provider, framework: "express" as const })),
      ...(["fastify", "koa", "hono"] as const).map((framework) => ({ provider: PROVIDERS[0]!, framework })),
    ];
    for (const { provider, framework } of cells) {
      // renderAgent throws when two template files would land on one path.
      const { files } = renderAgent({
        name: "host",
        provider,
        model: provider.defaultModel,
        store: "file",
        modules,
        layout: host,
        framework,
        declared: { "@types/express": "*", "@types/koa": "*" },
      });
      for (const path of files.keys()) expect(path.startsWith("src/agent/"), path).toBe(true);
      expect(files.has("src/agent/tools/index.ts")).toBe(true);
    }
  });
});

describe("import specifiers", () => {
  it.each([
    ["js", "./tools/index.js"],
    ["none", "./tools/index"],
    ["ts", "./tools/index.ts"],
  ] as const)("%s style", (style, expected) => {
    expect(importSpecifier("src/agent/loop.ts", "src/agent/tools/index.ts", style)).toBe(expected);
  });

  it("walks up and keeps non-TypeScript extensions", () => {
    expect(importSpecifier("src/agent/test/loop.test.ts", "src/agent/loop.ts", "js")).toBe("../loop.js");
    expect(importSpecifier("src/agent/a.ts", "src/agent/data.json", "none")).toBe("./data.json");
    expect(importSpecifier("src/agent/a.ts", "src/agent/b.mts", "none")).toBe("./b.mjs");
  });
});
