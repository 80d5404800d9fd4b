import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/run-cli.ts";

/** path -> content of every file under dir, to show that a refused command changed nothing. */
function snapshot(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(files.map((entry) => [relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), "utf8")]));
}

let template: Map<string, string>;

beforeAll(() => {
  const cwd = tempDir();
  const created = runCli(["demo", "--yes", "--no-install", "--no-git"], { cwd });
  expect(created.code, created.stderr).toBe(0);
  template = snapshot(join(cwd, "demo"));
});

/** A fresh copy of a created project (no install needed: generate only reads and writes files). */
function project(): string {
  const dir = tempDir("c12fa-gen-");
  for (const [path, content] of template) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe("generate tool", () => {
  it("--dry-run prints the plan with the registry diff and writes nothing", () => {
    const dir = project();
    const result = runCli(["generate", "tool", "refund-order", "--approval", "--dry-run"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Dry run: would generate tool refund_order (export refundOrder, runs only once a human approves)");
    expect(result.stdout).toContain("create   src/tools/refund-order.ts");
    expect(result.stdout).toContain("create   test/tools/refund-order.test.ts");
    expect(result.stdout).toContain("update   src/tools/index.ts");
    expect(result.stdout).toContain('+import { refundOrder } from "./refund-order.ts";');
    expect(result.stdout).toContain("+  refundOrder,");
    expect(result.stdout).toContain("nothing was written");
    expect(snapshot(dir)).toEqual(template);
  });

  it("writes the tool, its test and the registry entry, then refuses the same name in any spelling", () => {
    const dir = project();
    const result = runCli(["g", "tool", "refundOrder", "--description", "Refund an order"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Generated tool refund_order (export refundOrder)");
    expect(result.stdout).toContain("Run the tests: npm test");
    expect(readFileSync(join(dir, "src/tools/refund-order.ts"), "utf8")).toContain('description: "Refund an order"');
    expect(readFileSync(join(dir, "src/tools/index.ts"), "utf8")).toContain("  refundOrder,\n];");
    const manifest = JSON.parse(readFileSync(join(dir, "12-factor-agent.json"), "utf8")) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(["src/tools/refund-order.ts", "test/tools/refund-order.test.ts"]));

    const after = snapshot(dir);
    for (const spelling of ["refund-order", "refund_order", "RefundOrder"]) {
      const again = runCli(["generate", "tool", spelling], { cwd: dir });
      expect(again.code).toBe(2);
      expect(again.stderr).toContain("error: cannot generate tool: src/tools/refund-order.ts exists already");
    }
    expect(snapshot(dir)).toEqual(after);
  });

  it("works on another directory with --cwd", () => {
    const dir = project();
    const result = runCli(["generate", "tool", "lookup_customer", "--cwd", dir], { cwd: tempDir() });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, "src/tools/lookup-customer.ts"), "utf8")).toContain("export const lookupCustomer = defineTool({");
  });

  it.each([
    ["../x", "looks like a path"],
    ["a/b", "looks like a path"],
    ["/tmp/abs", "looks like a path"],
    ["done_for_now", "done_for_now is reserved"],
    ["request_more_information", "request_more_information is reserved"],
    ["divide", "src/tools/divide.ts exists already"],
    ["delete", "JavaScript reserved word"],
    ["class", "JavaScript reserved word"],
    ["9lives", "is not a valid name"],
    ["bad!", "is not a valid name"],
    ["", "the name is empty"],
  ])("refuses %j with exit 2 and changes nothing", (name, message) => {
    const dir = project();
    const result = runCli(["generate", "tool", name], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(snapshot(dir)).toEqual(template);
  });

  it("writes nothing and prints the lines to add by hand when the registry was reshaped", () => {
    const dir = project();
    writeFileSync(join(dir, "src/tools/index.ts"), `import { add } from "./add.ts";\nexport const toolList = [add];\n`);
    const before = snapshot(dir);
    const result = runCli(["generate", "tool", "refund-order"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cannot register refund_order in src/tools/index.ts: it has no `export const tools = [...]` array; nothing was written");
    expect(result.stderr).toContain('import { refundOrder } from "./refund-order.ts";');
    expect(result.stderr).toContain("refundOrder, // in the tools array");
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("generate prompt", () => {
  it("--dry-run shows the prompt-variables diff; a real run writes the prompt", () => {
    const dir = project();
    const dry = runCli(["generate", "prompt", "triage", "--dry-run"], { cwd: dir });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("create   prompts/triage.md");
    expect(dry.stdout).toContain("+  triage: { context: string; input: string };");
    expect(snapshot(dir)).toEqual(template);

    const result = runCli(["generate", "prompt", "triage"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, "prompts/triage.md"), "utf8")).toContain("{{input}}");
    expect(readFileSync(join(dir, "test/prompts/triage.test.ts"), "utf8")).toContain('renderPrompt("triage"');
  });

  it.each([["system", "prompts/system.md exists already"], ["../p", "looks like a path"]])("refuses %j with exit 2", (name, message) => {
    const dir = project();
    const result = runCli(["generate", "prompt", name], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(snapshot(dir)).toEqual(template);
  });
});

describe("generate outside a project", () => {
  it("exits 1 naming what it looked for and where, and how to start", () => {
    const cwd = tempDir();
    const result = runCli(["generate", "tool", "refund-order"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: there is no package.json, so this does not look like an agent project");
    expect(result.stderr).toContain(`looked in ${cwd} for package.json, 12-factor-agent.json and the tool registry src/tools/index.ts`);
    expect(result.stderr).toContain("npx create-12-factor-agent my-agent");
    expect(result.stderr).toContain("npx create-12-factor-agent add core");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("exits 1 in a package that is not an agent project", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "package.json"), '{ "name": "web" }\n');
    const result = runCli(["generate", "prompt", "triage"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("there is neither 12-factor-agent.json nor src/tools/index.ts");
    expect(readdirSync(cwd)).toEqual(["package.json"]);
  });

  it("exits 1 for a --cwd that does not exist", () => {
    const result = runCli(["generate", "tool", "x-tool", "--cwd", "nowhere"], { cwd: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--cwd nowhere: there is no directory");
  });
});

describe("generate usage", () => {
  it("without a kind exits 2 and shows both", () => {
    const result = runCli(["generate"], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("tool [options] <name>");
    expect(result.stderr).toContain("prompt [options] <name>");
  });

  it("names the missing name and an unknown kind, exit 2", () => {
    expect(runCli(["g", "tool"], { cwd: tempDir() })).toMatchObject({ code: 2, stderr: expect.stringContaining("missing required argument 'name'") });
    expect(runCli(["g", "agent", "x"], { cwd: tempDir() })).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown command 'agent'") });
  });
});
