import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { decideLayout } from "../../src/commands/add/choose-layout.ts";
import { findAppFile } from "../../src/detect/http-framework.ts";
import { parseJsonc } from "../../src/detect/jsonc.ts";
import { detectProjectPackageManager } from "../../src/detect/lockfile.ts";
import { defaultAgentDir, detectProjectShape, readPackageJson, PackageJsonError } from "../../src/detect/project.ts";
import { detectTestSetup } from "../../src/detect/test-runner.ts";
import { importStyleOf, readTsconfig, TsconfigError } from "../../src/detect/tsconfig.ts";
import { UserError } from "../../src/ui/errors.ts";

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "c12fa-detect-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe("tsconfig", () => {
  it("reads JSON with comments and trailing commas", () => {
    expect(parseJsonc(`{ // a comment\n "a": [1, "two",], /* b */ "c": { "d": null }, }`)).toEqual({ a: [1, "two"], c: { d: null } });
  });

  it.each([
    [{ module: "nodenext" }, "js"],
    [{ module: "node16" }, "js"],
    [{ module: "esnext", moduleResolution: "bundler" }, "none"],
    [{ module: "preserve" }, "none"],
    [{ module: "nodenext", allowImportingTsExtensions: true, noEmit: true }, "ts"],
    [{ module: "nodenext", rewriteRelativeImportExtensions: true }, "ts"],
    [{}, "none"],
  ] as const)("%j -> imports %s", (compilerOptions, style) => {
    const root = project({ "tsconfig.json": JSON.stringify({ compilerOptions }) });
    expect(importStyleOf(readTsconfig(root, "src/agent/index.ts")!)).toBe(style);
  });

  it("follows extends (a workspace's base config), the nearer file winning", () => {
    const root = project({
      "tsconfig.base.json": `{ "compilerOptions": { "module": "nodenext", "allowImportingTsExtensions": true, "skipLibCheck": true } }`,
      "packages/api/tsconfig.json": `{ "extends": "../../tsconfig.base.json", "compilerOptions": { "skipLibCheck": false }, "include": ["src"] }`,
    });
    const config = readTsconfig(join(root, "packages/api"), "src/agent/index.ts")!;
    expect(config).toMatchObject({ module: "nodenext", allowImportingTsExtensions: true, skipLibCheck: false, include: ["src"] });
  });

  it("notes an extends it cannot read instead of failing", () => {
    const root = project({ "tsconfig.json": `{ "extends": "@tsconfig/node22/tsconfig.json", "compilerOptions": { "module": "nodenext" } }` });
    const config = readTsconfig(root, "src/agent/index.ts")!;
    expect(config.module).toBe("nodenext");
    expect(config.warnings[0]).toContain("@tsconfig/node22/tsconfig.json");
  });

  it("picks the referenced config that takes in the agent folder (Vite's solution-style tsconfig)", () => {
    const root = project({
      "tsconfig.json": `{ "files": [], "references": [{ "path": "./tsconfig.node.json" }, { "path": "./tsconfig.app.json" }] }`,
      "tsconfig.node.json": `{ "compilerOptions": { "module": "nodenext" }, "include": ["vite.config.ts"] }`,
      "tsconfig.app.json": `{ "compilerOptions": { "module": "esnext", "moduleResolution": "bundler" }, "include": ["src"] }`,
    });
    expect(readTsconfig(root, "src/agent/index.ts")).toMatchObject({ path: "tsconfig.app.json", moduleResolution: "bundler" });
  });

  it("names the file and the problem when a tsconfig does not parse", () => {
    const root = project({ "tsconfig.json": `{ "compilerOptions": { "module": } }` });
    expect(() => readTsconfig(root, "src/agent/index.ts")).toThrow(TsconfigError);
  });
});

describe("package.json", () => {
  it("reports a missing, an invalid and a non-object package.json as such", () => {
    const missing = () => readPackageJson(project({}));
    expect(missing).toThrow(PackageJsonError);
    expect(() => readPackageJson(project({ "package.json": `{ "name": "x", }` }))).toThrow(/JSON/);
    expect(() => readPackageJson(project({ "package.json": `[1, 2]` }))).toThrow("it is not a JSON object");
  });
});

describe("test runner", () => {
  it.each([
    [{ test: "vitest run" }, {}, "vitest"],
    [{ test: "jest --ci" }, {}, "jest"],
    [{ test: "node --test" }, {}, "node:test"],
    [{ test: "tsx --test test/*.ts" }, {}, "node:test"],
    [{ test: "mocha" }, {}, "mocha"],
    [{ test: "turbo run test" }, { vitest: "^3.0.0" }, "vitest"],
    [{ test: 'echo "Error: no test specified" && exit 1' }, {}, undefined],
    [{}, {}, undefined],
  ] as const)("%j with %j -> %s", (scripts, deps, runner) => {
    expect(detectTestSetup(scripts, deps).runner).toBe(runner);
  });
});

describe("package manager", () => {
  it("reads the lockfile, also a workspace's above the package", () => {
    const root = project({ "pnpm-lock.yaml": "", "packages/api/package.json": "{}" });
    expect(detectProjectPackageManager(join(root, "packages/api"))).toEqual({ name: "pnpm", evidence: "pnpm-lock.yaml in ../.." });
    expect(detectProjectPackageManager(project({ "yarn.lock": "", "package.json": "{}" })).name).toBe("yarn");
    expect(detectProjectPackageManager(project({ "bun.lock": "", "package.json": "{}" })).name).toBe("bun");
  });

  it("prefers the packageManager field", () => {
    const root = project({ "package.json": `{ "packageManager": "yarn@4.5.0" }`, "package-lock.json": "{}" });
    expect(detectProjectPackageManager(root)).toEqual({ name: "yarn", evidence: '"packageManager" in package.json' });
  });
});

describe("the host's app", () => {
  it.each([
    ["express", "src/app.ts", `import express from "express";\nexport const server = express();\n`, "server"],
    ["hono", "src/app.ts", `import { Hono } from "hono";\nexport function make() {\n  const api = new Hono();\n  return api;\n}\n`, "api"],
    ["fastify", "src/app.ts", `import Fastify from "fastify";\nconst app = Fastify({ logger: true });\n`, "app"],
    ["koa", "src/app.js", `const Koa = require("koa");\nconst web = new Koa();\nmodule.exports = web;\n`, "web"],
  ] as const)("finds the %s app and its variable", (framework, file, source, variable) => {
    const root = project({ [file]: source, "src/other.ts": `export const x = 1;\n` });
    expect(findAppFile(root, "src", framework, "src/agent")).toEqual({ file, variable });
  });

  it("never looks inside the agent folder or tests", () => {
    const root = project({ "src/agent/http/app.ts": `import { Hono } from "hono";\nconst app = new Hono();\n` });
    expect(findAppFile(root, "src", "hono", "src/agent")).toBeUndefined();
  });
});

describe("layout decisions", () => {
  const base = { name: "svc", version: "1.0.0" };

  function decide(files: Record<string, string>, agentDir = "src/agent") {
    const root = project({ "src/index.ts": "", ...files });
    const json = JSON.parse(files["package.json"] ?? JSON.stringify(base));
    return decideLayout(root, agentDir, detectProjectShape(root, json, agentDir), json.scripts ?? {});
  }

  it("a NodeNext ESM service with vitest: .js imports, tests with the host's, tsx for entry points", () => {
    const decision = decide({
      "package.json": JSON.stringify({ ...base, type: "module", scripts: { test: "vitest run", typecheck: "tsc" }, devDependencies: { vitest: "^5.0.0" } }),
      "tsconfig.json": `{ "compilerOptions": { "module": "nodenext", "skipLibCheck": true }, "include": ["src"] }`,
    });
    expect(decision.layout).toMatchObject({ imports: "js", runner: "tsx", moduleScope: false, ownTsconfig: false, tests: { dir: "test", suffix: ".test.ts" } });
    expect(decision.testsRunWithHost).toBe(true);
    expect(decision.hostTypechecks).toBe(true);
    expect(decision.extraDevDependencies).toEqual(["tsx"]);
  });

  it("a CommonJS JavaScript package: a TypeScript folder of its own, named out of node --test's way", () => {
    const decision = decide({ "package.json": JSON.stringify({ ...base, scripts: { test: "node --test" } }) });
    expect(decision.layout).toMatchObject({ imports: "ts", runner: "node", moduleScope: true, ownTsconfig: true, tests: { dir: "tests", suffix: ".vitest.ts" } });
    expect(decision.facts[0]![1]).toContain("TypeScript folder of its own");
  });

  it("a tsconfig that checks libraries without the DOM lib gets skipLibCheck; with the default lib, @types/json-schema", () => {
    const strict = decide({ "tsconfig.json": `{ "compilerOptions": { "module": "nodenext", "lib": ["es2023"] } }`, "package.json": JSON.stringify({ ...base, type: "module" }) });
    expect(strict.tsconfigEdits).toEqual([{ path: "tsconfig.json", option: "skipLibCheck", value: true }]);
    const defaults = decide({ "tsconfig.json": `{ "compilerOptions": { "module": "nodenext" } }`, "package.json": JSON.stringify({ ...base, type: "module" }) });
    expect(defaults.tsconfigEdits).toEqual([]);
    expect(defaults.extraDevDependencies).toContain("@types/json-schema");
  });

  it("refuses a TypeScript program that compiles to CommonJS around the agent folder, naming both ways out", () => {
    let error: unknown;
    try {
      decide({ "tsconfig.json": `{ "compilerOptions": { "module": "commonjs", "skipLibCheck": true } }` });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('"module": "commonjs"');
    expect((error as UserError).details.join("\n")).toMatch(/"module": "nodenext"[\s\S]*--dir agent/);
    // Outside its include, the agent is a folder of its own.
    const outside = decide({ "tsconfig.json": `{ "compilerOptions": { "module": "commonjs" }, "include": ["src"] }` }, "agent");
    expect(outside.layout.ownTsconfig).toBe(true);
  });

  it("says when the host's vitest include leaves the agent's tests out", () => {
    const decision = decide({
      "package.json": JSON.stringify({ ...base, type: "module", scripts: { test: "vitest run" } }),
      "tsconfig.json": `{ "compilerOptions": { "module": "nodenext", "skipLibCheck": true } }`,
      "vitest.config.ts": `import { defineConfig } from "vitest/config";\nexport default defineConfig({ test: { include: ["test/**/*.test.ts"] } });\n`,
    });
    expect(decision.testsRunWithHost).toBe(false);
    expect(decision.notices.join("\n")).toContain('add "src/agent/test/**/*.test.ts"');
  });

  it("puts the agent in src/agent, or agent/ without a src folder", () => {
    expect(defaultAgentDir(project({ "src/index.ts": "" }))).toBe("src/agent");
    expect(defaultAgentDir(project({ "index.js": "" }))).toBe("agent");
  });
});
