import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { renderProject } from "../../src/engine/project.ts";
import { MODULE_IDS, resolveModules } from "../../src/registry/modules.ts";
import { PROVIDERS } from "../../src/registry/providers.ts";

// The templates typecheck in place: every provider with every module, and core alone, rendered
// in memory and checked by the same tsc the project gets, against this repository's node_modules
// (pinned to the versions generated projects install). Seconds, where the e2e matrix takes minutes.
const repo = resolve(import.meta.dirname, "../..");
const tsc = join(repo, "node_modules/typescript/bin/tsc");

function materialise(files: Map<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "c12fa-tpl-"));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
  return dir;
}

// Every provider with the default modules, and every subset of the optional modules (providers
// rotate through the subsets): provider files do not depend on the modules, nor modules on the provider.
const optional = MODULE_IDS.filter((id) => id !== "core");
const subsets = Array.from({ length: 2 ** optional.length }, (_, mask) => optional.filter((_, bit) => mask & (1 << bit)));
const combinations = [
  ...PROVIDERS.map((provider) => ({ provider, modules: ["core", "human-contact", "http-api"] })),
  ...subsets.map((subset, i) => ({ provider: PROVIDERS[i % PROVIDERS.length]!, modules: ["core", ...subset] })),
];

describe.concurrent("rendered templates typecheck", () => {
  it.each(combinations.map((c) => [`${c.provider.id} + ${c.modules.join(",")}`, c] as const))("%s", async (_, combination) => {
    const files = renderProject({
      name: "typecheck",
      provider: combination.provider,
      model: combination.provider.defaultModel,
      store: combination.modules.includes("postgres-store") ? "postgres" : "file",
      modules: resolveModules(combination.modules),
    });
    const dir = materialise(files);
    const result = await promisify(execFile)(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir }).then(
      () => ({ ok: true, output: "" }),
      (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout}${error.stderr}` }),
    );
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });
});
