import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { parse } from "@babel/parser";

export type TestRunner = "vitest" | "jest" | "node:test" | "mocha" | "other";

export interface TestSetup {
  runner: TestRunner | undefined;
  /** The `test` script as written, when there is one. */
  script: string | undefined;
}

type Deps = Record<string, string>;

/** What `npm test` runs: read from the test script first, then from the dev dependencies. */
export function detectTestSetup(scripts: Record<string, string>, deps: Deps): TestSetup {
  const script = scripts.test;
  const words = (script ?? "").split(/[\s;&|()]+/);
  const byScript: TestRunner | undefined = words.includes("vitest")
    ? "vitest"
    : words.includes("jest")
      ? "jest"
      : words.includes("--test") && words.some((word) => word === "node" || word === "tsx")
        ? "node:test"
        : words.includes("mocha")
          ? "mocha"
          : undefined;
  if (byScript) return { runner: byScript, script };
  const byDeps: TestRunner | undefined = deps.vitest ? "vitest" : deps.jest ? "jest" : deps.mocha ? "mocha" : undefined;
  if (byDeps) return { runner: byDeps, script };
  const placeholder = !script || /no test specified/.test(script);
  return { runner: placeholder ? undefined : "other", script };
}

const VITEST_CONFIGS = ["vitest.config.ts", "vitest.config.mts", "vitest.config.js", "vitest.config.mjs", "vite.config.ts", "vite.config.mts", "vite.config.js", "vite.config.mjs"];

interface Node {
  type: string;
  [key: string]: unknown;
}

/** The string literals of `test.include` in the host's vitest (or vite) config; undefined when it sets none we can read. */
export function vitestInclude(root: string): { config: string; include: string[] | undefined } | undefined {
  const config = VITEST_CONFIGS.find((name) => existsSync(join(root, name)));
  if (!config) return undefined;
  let program: Node;
  try {
    program = (parse(readFileSync(join(root, config), "utf8"), { sourceType: "module", plugins: ["typescript"] }) as unknown as { program: Node }).program;
  } catch {
    return { config, include: undefined };
  }
  let include: string[] | undefined;
  const visit = (node: unknown, insideTest: boolean): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((child) => visit(child, insideTest));
    const current = node as Node;
    if (current.type === "ObjectProperty") {
      const key = current.key as Node;
      const name = key.type === "Identifier" ? key.name : key.type === "StringLiteral" ? key.value : undefined;
      const value = current.value as Node;
      if (insideTest && name === "include" && value.type === "ArrayExpression") {
        const elements = value.elements as Node[];
        if (elements.every((element) => element?.type === "StringLiteral")) include = elements.map((element) => element.value as string);
        return;
      }
      return visit(value, insideTest || name === "test");
    }
    for (const [key, child] of Object.entries(current)) if (key !== "loc") visit(child, insideTest);
  };
  visit(program, false);
  return { config, include };
}

/** Vitest's default include: every *.test / *.spec file. */
export const VITEST_DEFAULT_INCLUDE = ["**/*.{test,spec}.?(c|m)[jt]s?(x)"];

export function globsCover(patterns: readonly string[], file: string): boolean {
  return patterns.some((pattern) => posix.matchesGlob?.(file, pattern.replace(/^\.\//, "")) ?? false);
}
