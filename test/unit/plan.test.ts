import { describe, expect, it } from "vitest";
import { conflictsOf, isNoop, planFiles, writesOf, type Plan } from "../../src/engine/plan.ts";
import { formatPlan } from "../../src/engine/print-plan.ts";

const existing: Record<string, string> = {
  "same.ts": "same\n",
  "mine.ts": "user's version\n",
  "package.json": '{"name":"x"}\n',
};
const read = (path: string) => existing[path];

describe("planFiles", () => {
  const wanted = new Map([
    ["new.ts", "new\n"],
    ["same.ts", "same\n"],
    ["mine.ts", "our version\n"],
    ["package.json", '{"name":"x","dependencies":{}}\n'],
  ]);
  const operations = planFiles(wanted, read, { updatable: new Set(["package.json"]) });

  it("creates missing files, skips identical ones, updates shared files and flags the rest as conflicts", () => {
    expect(operations.map((op) => [op.kind, op.path])).toEqual([
      ["create", "new.ts"],
      ["skip", "same.ts"],
      ["conflict", "mine.ts"],
      ["update", "package.json"],
    ]);
  });

  it("writes conflicts only when forced", () => {
    const plan: Plan = { root: "/x", operations, notices: [] };
    expect(writesOf(plan, false).map((w) => w.path)).toEqual(["new.ts", "package.json"]);
    expect(writesOf(plan, true).map((w) => w.path)).toEqual(["new.ts", "mine.ts", "package.json"]);
    expect(conflictsOf(plan).map((c) => c.path)).toEqual(["mine.ts"]);
    expect(isNoop(plan)).toBe(false);
    expect(isNoop({ root: "/x", operations: [{ kind: "skip", path: "a" }], notices: [] })).toBe(true);
  });

  it("prints every operation and a unified diff for changes", () => {
    const text = formatPlan({ root: "/x", operations, notices: ["hono is older than ours"] }, { diffs: true });
    expect(text).toContain("create   new.ts");
    expect(text).toContain("skip     same.ts (identical)");
    expect(text).toContain("conflict mine.ts (exists with other content)");
    expect(text).toContain("-user's version");
    expect(text).toContain("+our version");
    expect(text).toContain("--- a/mine.ts");
    expect(text).toContain("note     hono is older than ours");
  });
});
