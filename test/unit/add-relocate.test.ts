import { describe, expect, it } from "vitest";
import { mapTemplatePath, type AgentLayout } from "../../src/engine/layout.ts";
import { relocateSource, type RelocateOptions } from "../../src/engine/relocate-imports.ts";

const layout: AgentLayout = {
  agentDir: "src/agent",
  imports: "js",
  tests: { dir: "test", suffix: ".test.ts" },
  moduleScope: false,
  ownTsconfig: false,
  runner: "tsx",
};

function options(templatePath: string, overrides: Partial<RelocateOptions> = {}): RelocateOptions {
  const targetPath = mapTemplatePath(layout, templatePath)!;
  return { templatePath, targetPath, mapPath: (path) => mapTemplatePath(layout, path) ?? path, imports: "js", loader: "tsx", ...overrides };
}

describe("relocating a template file's references", () => {
  it("rewrites every kind of relative module specifier and nothing else", () => {
    const source = [
      `// see "../tools/index.ts" for the registry`,
      `import { z } from "zod";`,
      `import { tools } from "../tools/index.ts";`,
      `import type { Thread } from './thread.ts';`,
      `export { reduce } from "./reducer.ts";`,
      `export * from "../store/types.ts";`,
      `type Store = import("../store/types.ts").ThreadStore;`,
      `const lazy = () => import("../llm/provider.ts");`,
      `const label = "../tools/index.ts";`,
    ].join("\n");
    expect(relocateSource(source, options("src/agent/loop.ts"))).toBe(
      [
        `// see "../tools/index.ts" for the registry`,
        `import { z } from "zod";`,
        `import { tools } from "./tools/index.js";`,
        `import type { Thread } from './thread.js';`,
        `export { reduce } from "./reducer.js";`,
        `export * from "./store/types.js";`,
        `type Store = import("./store/types.js").ThreadStore;`,
        `const lazy = () => import("./llm/provider.js");`,
        `const label = "../tools/index.ts";`,
      ].join("\n"),
    );
  });

  it("writes extensionless specifiers for bundler resolution, and .ts when the host allows it", () => {
    const source = `import { reduce } from "../src/agent/reducer.ts";\nvi.mock("../src/llm/provider.ts");\n`;
    expect(relocateSource(source, options("test/reducer.test.ts", { imports: "none" }))).toBe(
      `import { reduce } from "../reducer";\nvi.mock("../llm/provider");\n`,
    );
    expect(relocateSource(source, options("test/reducer.test.ts", { imports: "ts" }))).toBe(
      `import { reduce } from "../reducer.ts";\nvi.mock("../llm/provider.ts");\n`,
    );
  });

  it("follows files read at run time (new URL(..., import.meta.url))", () => {
    const source = `const PROMPTS_DIR = new URL("../../prompts/", import.meta.url);\nconst ROOT = new URL("..", import.meta.url);\n`;
    expect(relocateSource(source, options("src/agent/prompts.ts"))).toContain(`new URL("./prompts/", import.meta.url)`);
    // The template's root is where the process runs: the repository's root.
    expect(relocateSource(`const ROOT = new URL("..", import.meta.url);`, options("test/x.test.ts"))).toBe(
      `const ROOT = new URL("../../..", import.meta.url);`,
    );
  });

  it("points processes a test spawns at the moved entry point, with the TypeScript loader", () => {
    const source = `spawn(process.execPath, ["src/server.ts"], { env });\nspawnSync(process.execPath, ["src/cli.ts", ...args]);\n`;
    expect(relocateSource(source, options("test/server.test.ts"))).toBe(
      `spawn(process.execPath, ["--import", "tsx", "src/agent/server.ts"], { env });\nspawnSync(process.execPath, ["--import", "tsx", "src/agent/cli.ts", ...args]);\n`,
    );
    expect(relocateSource(source, options("test/server.test.ts", { imports: "ts", loader: undefined }))).toBe(
      `spawn(process.execPath, ["src/agent/server.ts"], { env });\nspawnSync(process.execPath, ["src/agent/cli.ts", ...args]);\n`,
    );
  });

  it("gives the loader to a process started on a file named by a variable, once", () => {
    const source = `const entry = fileURLToPath(new URL("./helpers/server.ts", import.meta.url));\nspawn(process.execPath, [entry]);\nspawn(process.execPath, ["--import", "tsx", entry]);\n`;
    expect(relocateSource(source, options("test/chaos/kill.test.ts"))).toBe(
      `const entry = fileURLToPath(new URL("./helpers/server.ts", import.meta.url));\nspawn(process.execPath, ["--import", "tsx", entry]);\nspawn(process.execPath, ["--import", "tsx", entry]);\n`,
    );
  });

  it("rewrites module code passed to node -e, inline or through a const", () => {
    const source = [
      `const script = 'const p = await import("./src/llm/provider.ts"); p.createModel();';`,
      `spawnSync(process.execPath, ["--input-type=module", "-e", script]);`,
    ].join("\n");
    expect(relocateSource(source, options("test/provider-wire.test.ts"))).toBe(
      [
        `const script = 'const p = await import("./src/agent/llm/provider.ts"); p.createModel();';`,
        `spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]);`,
      ].join("\n"),
    );
  });

  it("is the identity when the file does not move", () => {
    const source = `import { a } from "./a.ts";\nconst u = new URL("../prompts/", import.meta.url);\n`;
    const same = relocateSource(source, { templatePath: "src/x.ts", targetPath: "src/x.ts", mapPath: (p) => p, imports: "ts" });
    expect(same).toBe(source);
  });
});
