import { describe, expect, it } from "vitest";
import { planPrompt } from "../../src/commands/generate/plan-prompt.ts";
import { openProject } from "../../src/commands/generate/project.ts";
import { registerPrompt } from "../../src/commands/generate/register-prompt.ts";
import { hashContent, MANIFEST_FILE } from "../../src/engine/manifest.ts";
import { UserError } from "../../src/ui/errors.ts";
import { createdProject, memoryTree } from "./generate-tree.ts";

const PROMPT_VARIABLES_FILE = "src/agent/prompt-variables.ts";
const entry = { name: "triage", variables: ["context", "input"], comment: "prompts/triage.md" };

function added(source: string, which = entry): string {
  const result = registerPrompt(source, which);
  if (result.ok !== true) throw new Error(JSON.stringify(result));
  return result.source;
}

describe("registerPrompt", () => {
  it("adds a member after the last one, with its doc comment, in the file's indentation", () => {
    const source = `// mine\nexport interface PromptVariables {\n  /** prompts/system.md */\n  system: { tools: string };\n}\n`;
    expect(added(source)).toBe(
      `// mine\nexport interface PromptVariables {\n  /** prompts/system.md */\n  system: { tools: string };\n  /** prompts/triage.md */\n  triage: { context: string; input: string };\n}\n`,
    );
  });

  it("quotes a name that is not an identifier", () => {
    const source = `export interface PromptVariables {\n  system: { tools: string };\n}\n`;
    expect(added(source, { ...entry, name: "refund-policy" })).toContain(`  "refund-policy": { context: string; input: string };\n}`);
  });

  it("follows the user's style: tabs, commas, a comment ending the last line", () => {
    const source = `export interface PromptVariables {\n\tsystem: { tools: string }, // the main one\n}\n`;
    expect(added(source)).toBe(
      `export interface PromptVariables {\n\tsystem: { tools: string }, // the main one\n\t/** prompts/triage.md */\n\ttriage: { context: string; input: string },\n}\n`,
    );
  });

  it("adds the separator the last member lacks", () => {
    const source = `export interface PromptVariables {\n  system: { tools: string }\n}\n`;
    expect(added(source)).toContain(`  system: { tools: string };\n  /** prompts/triage.md */\n  triage:`);
  });

  it("fills an empty interface and a one-line type alias", () => {
    expect(added(`export interface PromptVariables {}\n`)).toBe(
      `export interface PromptVariables {\n  /** prompts/triage.md */\n  triage: { context: string; input: string };\n}\n`,
    );
    expect(added(`export type PromptVariables = { system: { tools: string } };\n`)).toBe(
      `export type PromptVariables = { system: { tools: string }; triage: { context: string; input: string }; };\n`,
    );
  });

  it("reports an entry that exists already", () => {
    expect(registerPrompt(`export interface PromptVariables {\n  "triage": { x: string };\n}\n`, entry)).toEqual({ ok: "exists" });
  });

  it("refuses a file without the interface, giving the member to add by hand", () => {
    expect(registerPrompt(`export type Vars = Record<string, string>;\n`, entry)).toEqual({
      ok: false,
      reason: "it has no `export interface PromptVariables { ... }`",
      manualLines: ["triage: { context: string; input: string }; // in interface PromptVariables"],
    });
    expect(registerPrompt(`export interface PromptVariables {`, entry)).toMatchObject({ ok: false, reason: expect.stringContaining("does not parse") });
  });
});

function refusal(files: Map<string, string>, name: string): UserError {
  try {
    planPrompt(openProject(memoryTree(files)), { name });
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`generate prompt ${name} was not refused`);
}

describe("generate prompt in a created project", () => {
  const project = createdProject(["core"]);
  const { plan, summary } = planPrompt(openProject(memoryTree(project)), { name: "refundPolicy" });
  const content = (path: string) => {
    const op = plan.operations.find((candidate) => candidate.path === path);
    return op && op.kind !== "skip" ? op.content : undefined;
  };

  it("writes the prompt and its test, and types its variables", () => {
    expect(plan.operations.map((op) => [op.kind, op.path])).toEqual([
      ["create", "prompts/refund-policy.md"],
      ["create", "test/prompts/refund-policy.test.ts"],
      ["update", PROMPT_VARIABLES_FILE],
      ["update", MANIFEST_FILE],
    ]);
    expect(summary).toBe('prompt refund-policy (renderPrompt("refund-policy", { context, input }))');
    expect(content(PROMPT_VARIABLES_FILE)).toContain(`  /** prompts/refund-policy.md */\n  "refund-policy": { context: string; input: string };\n}`);
  });

  it("writes a prompt whose placeholders are exactly the typed variables", () => {
    const text = content("prompts/refund-policy.md")!;
    expect(text).toMatch(/^Your task: refund policy\.\n/);
    expect([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()).toEqual(["context", "input"]);
  });

  it("writes a test that renders it and one the compiler must reject", () => {
    const test = content("test/prompts/refund-policy.test.ts")!;
    expect(test).toContain('import { renderPrompt } from "../../src/agent/prompts.ts";');
    expect(test).toContain('renderPrompt("refund-policy", { context: "CONTEXT-VALUE", input: "INPUT-VALUE" })');
    expect(test).toMatch(/@ts-expect-error.*\n.*renderPrompt\("refund-policy", \{ input: "INPUT-VALUE" \}\)\)\.toThrow\("\{\{context\}\}"\)/);
  });

  it("records the hashes of what it writes", () => {
    const files = (JSON.parse(content(MANIFEST_FILE)!) as { files: Record<string, string> }).files;
    expect(files["prompts/refund-policy.md"]).toBe(hashContent(content("prompts/refund-policy.md")!));
    expect(files[PROMPT_VARIABLES_FILE]).toBe(hashContent(content(PROMPT_VARIABLES_FILE)!));
  });
});

describe("generate prompt refuses", () => {
  const project = createdProject(["core"]);

  it.each([
    ["system", "prompts/system.md exists already"],
    ["thread", "prompts/thread.md exists already"],
    ["../p", "looks like a path"],
    ["prompts/x", "looks like a path"],
    ["9p", "is not a valid name"],
    ["", "empty"],
    ["delete", "JavaScript reserved word"],
  ])("%j with exit 2: %s", (name, message) => {
    const error = refusal(project, name);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(message);
  });

  it("a name the variables file has already, with exit 2", () => {
    const mine = new Map(project);
    mine.set(PROMPT_VARIABLES_FILE, `export interface PromptVariables {\n  triage: { x: string };\n}\n`);
    expect(refusal(mine, "triage").message).toContain("src/agent/prompt-variables.ts has an entry triage already");
  });

  it("a variables file without PromptVariables, with exit 1 and the member to add by hand", () => {
    const mine = new Map(project);
    mine.set(PROMPT_VARIABLES_FILE, `export type Anything = Record<string, Record<string, string>>;\n`);
    const error = refusal(mine, "triage");
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain("nothing was written");
    expect(error.details).toContain("  triage: { context: string; input: string };");
  });

  it("outside a project, with exit 1", () => {
    expect(refusal(new Map([["notes.md", "hi\n"]]), "triage").exitCode).toBe(1);
  });
});
