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

const combinations = [
  ...PROVIDERS.map((provider) => ({ provider, modules: MODULE_IDS.filter((id) => id !== "postgres-store") })),
  { provider: PROVIDERS[3]!, modules: MODULE_IDS },
  { provider: PROVIDERS[0]!, modules: ["core"] },
  { provider: PROVIDERS[1]!, modules: ["core", "http-api"] },
  { provider: PROVIDERS[2]!, modules: ["core", "human-contact"] },
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
