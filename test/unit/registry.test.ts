import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { newPackageJson } from "../../src/engine/package-json.ts";
import { MODULES, resolveModules, UnknownModuleError } from "../../src/registry/modules.ts";
import { PROVIDERS } from "../../src/registry/providers.ts";
import { VERSIONS } from "../../src/registry/versions.ts";
import { detectPackageManager, runScript } from "../../src/detect/package-manager.ts";
import { invalidNameReason } from "../../src/commands/create/target.ts";

const repoPackage = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  devDependencies: Record<string, string>;
};

describe("version map", () => {
  it("pins every package a module or provider installs to an exact version", () => {
    const named = [...MODULES.flatMap((m) => [...m.dependencies, ...m.devDependencies]), ...PROVIDERS.map((p) => p.package)];
    for (const name of named) expect(VERSIONS[name], name).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("matches this repository's own pins, so the templates typecheck in place against what users get", () => {
    for (const [name, version] of Object.entries(VERSIONS)) expect(repoPackage.devDependencies[name], name).toBe(version);
  });

  it("is what a generated package.json uses", () => {
    const pkg = newPackageJson("x", resolveModules(["http-api"]), PROVIDERS.find((p) => p.id === "anthropic")!);
    expect(pkg.dependencies).toEqual({
      "@ai-sdk/anthropic": VERSIONS["@ai-sdk/anthropic"],
      "@hono/node-server": VERSIONS["@hono/node-server"],
      ai: VERSIONS.ai,
      hono: VERSIONS.hono,
      zod: VERSIONS.zod,
    });
    expect(Object.keys(pkg.scripts!)).toEqual(["dev", "start", "serve", "test", "test:chaos", "typecheck", "eval"]);
  });
});

describe("resolveModules", () => {
  it("adds required modules and keeps registry order whatever the request order", () => {
    expect(resolveModules(["http-api", "human-contact"]).map((m) => m.id)).toEqual(["core", "human-contact", "http-api"]);
    expect(resolveModules(["http-api"]).map((m) => m.id)).toEqual(["core", "http-api"]);
  });

  it("names unknown modules and the known ones", () => {
    expect(() => resolveModules(["core", "slack", "mcp"])).toThrow(UnknownModuleError);
    expect(() => resolveModules(["slack"])).toThrow(/unknown module "slack"; known modules: core, human-contact, http-api/);
  });
});

describe("project names", () => {
  it.each([
    ["My Agent", /not a valid npm package name/],
    ["MyAgent", /name can no longer contain capital letters/],
    ["bad!name", /special characters/],
    [".hidden", /cannot start with a period/],
    ["../escape", /contains ".."/],
    ["/tmp/abs", /absolute path/],
    ["", /empty/],
  ])("refuses %j", (name, reason) => {
    expect(invalidNameReason(name)).toMatch(reason);
  });

  it.each(["my-agent", "agent_2", "apps/support-bot"])("accepts %j", (name) => {
    expect(invalidNameReason(name)).toBeUndefined();
  });
});

describe("package manager", () => {
  it("is the one in npm_config_user_agent, else npm", () => {
    expect(detectPackageManager("pnpm/9.12.0 npm/? node/v22.11.0 linux x64")).toBe("pnpm");
    expect(detectPackageManager("yarn/4.5.0 npm/? node/v22.11.0 linux x64")).toBe("yarn");
    expect(detectPackageManager("bun/1.1.30 npm/? node/v22.11.0 linux x64")).toBe("bun");
    expect(detectPackageManager(undefined)).toBe("npm");
    expect(detectPackageManager("deno/2")).toBe("npm");
  });

  it("spells script runs the way each package manager wants", () => {
    expect(runScript("npm", "dev", '"hi"')).toBe('npm run dev -- "hi"');
    expect(runScript("pnpm", "dev", '"hi"')).toBe('pnpm dev "hi"');
    expect(runScript("bun", "start")).toBe("bun run start");
    expect(runScript("npm", "test")).toBe("npm test");
  });
});
