import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { decideLayout } from "../../src/commands/add/choose-layout.ts";
import { renderAgent } from "../../src/commands/add/render.ts";
import { detectProjectShape } from "../../src/detect/project.ts";
import { setCompilerOption } from "../../src/engine/tsconfig-edit.ts";
import { resolveModules } from "../../src/registry/modules.ts";
import { PROVIDERS } from "../../src/registry/providers.ts";

// The agent as add writes it into three kinds of repository (detected, decided and rendered as
// the command does it, tsconfig edits included), typechecked in place by the host's own
// tsconfig, or the folder's for JavaScript, against this repository's node_modules. The add
// e2e installs real services; this finds a relocation mistake in seconds.
const repo = resolve(import.meta.dirname, "../..");
const tsc = join(repo, "node_modules/typescript/bin/tsc");

const cells: { name: string; files: Record<string, object> }[] = [
  {
    name: "NodeNext ESM service: .js imports",
    files: {
      "package.json": { name: "host", type: "module", scripts: { test: "vitest run", typecheck: "tsc" } },
      "tsconfig.json": {
        compilerOptions: { module: "nodenext", target: "es2023", lib: ["es2023"], types: ["node"], strict: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true, skipLibCheck: true, noEmit: true },
        include: ["src"],
      },
    },
  },
  {
    name: "bundler resolution, CommonJS package, ES2022 target: extensionless imports, lib raised",
    files: {
      "package.json": { name: "host", scripts: { test: "jest" } },
      "tsconfig.json": { compilerOptions: { module: "esnext", moduleResolution: "bundler", target: "es2022", types: ["node"], strict: true, skipLibCheck: true, noEmit: true }, include: ["src"] },
    },
  },
  {
    name: "JavaScript package: a folder with its own tsconfig",
    files: { "package.json": { name: "host", scripts: { test: "node --test" } } },
  },
];

describe.concurrent("the agent typechecks where add puts it", () => {
  it.each(cells.map((cell) => [cell.name, cell] as const))("%s", { timeout: 60_000 }, async (_, cell) => {
    const root = mkdtempSync(join(tmpdir(), "c12fa-add-tsc-"));
    const write = (path: string, content: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    };
    for (const [path, json] of Object.entries(cell.files)) write(path, JSON.stringify(json, null, 2));
    write("src/index.ts", "export const hostCode = true;\n");

    const packageJson = cell.files["package.json"] as { scripts: Record<string, string> };
    const decision = decideLayout(root, "src/agent", detectProjectShape(root, packageJson, "src/agent"), packageJson.scripts);
    for (const edit of decision.tsconfigEdits) {
      write(edit.path, setCompilerOption(readFileSync(join(root, edit.path), "utf8"), edit.option, edit.value)!);
    }
    const provider = PROVIDERS[0]!;
    const { files } = renderAgent({
      name: "host",
      provider,
      model: provider.defaultModel,
      store: "file",
      modules: resolveModules(["core", "human-contact", "http-api"]),
      layout: decision.layout,
      framework: "hono",
    });
    for (const [path, file] of files) write(path, file.content);
    symlinkSync(join(repo, "node_modules"), join(root, "node_modules"));

    const project = decision.layout.ownTsconfig ? "src/agent" : "tsconfig.json";
    const result = await promisify(execFile)(process.execPath, [tsc, "-p", project], { cwd: root }).then(
      () => "",
      (error: { stdout?: string; stderr?: string }) => `${error.stdout}${error.stderr}`,
    );
    expect(result).toBe("");
  });
});
