import { describe, expect, it } from "vitest";
import { planTool } from "../../src/commands/generate/plan-tool.ts";
import { openProject } from "../../src/commands/generate/project.ts";
import { hashContent, MANIFEST_FILE } from "../../src/engine/manifest.ts";
import { formatPlan } from "../../src/engine/print-plan.ts";
import { UserError } from "../../src/ui/errors.ts";
import { applied, createdProject, memoryTree } from "./generate-tree.ts";

const REGISTRY = "src/tools/index.ts";

function plan(files: Map<string, string>, name: string, options: { approval?: boolean; description?: string } = {}) {
  return planTool(openProject(memoryTree(files)), { name, ...options });
}

/** The UserError a plan throws; fails the test when it plans instead. */
function refusal(files: Map<string, string>, name: string, options: { description?: string } = {}): UserError {
  try {
    plan(files, name, options);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`generate tool ${name} was not refused`);
}

describe("generate tool in a created project", () => {
  const project = createdProject();
  const { plan: result, summary } = plan(project, "refund-order", { approval: true, description: "Refund an order" });
  const byPath = new Map(result.operations.map((op) => [op.path, op]));
  const content = (path: string) => {
    const op = byPath.get(path);
    return op && op.kind !== "skip" ? op.content : undefined;
  };

  it("creates the tool and its test, and updates the registry and the manifest, nothing else", () => {
    expect(result.operations.map((op) => [op.kind, op.path])).toEqual([
      ["create", "src/tools/refund-order.ts"],
      ["create", "test/tools/refund-order.test.ts"],
      ["update", REGISTRY],
      ["update", MANIFEST_FILE],
    ]);
    expect(summary).toBe("tool refund_order (export refundOrder, runs only once a human approves)");
  });

  it("writes a tool with the model's snake_case name, the camelCase export, the description and approval", () => {
    const tool = content("src/tools/refund-order.ts")!;
    expect(tool).toContain('import { defineTool } from "./types.ts";');
    expect(tool).toContain("export const refundOrder = defineTool({");
    expect(tool).toContain('name: "refund_order",');
    expect(tool).toContain('description: "Refund an order",');
    expect(tool).toContain("requiresApproval: true,");
    expect(tool).toMatch(/z\.object\(\{\n.*\n.*\n\s+id: z\.string\(\)\.describe\("/);
    expect(tool).toContain("execute: async ({ id }, { idempotencyKey }) => {");
    expect(tool).toContain('"Idempotency-Key": idempotencyKey');
  });

  it("leaves approval out unless asked, and writes a placeholder description to edit", () => {
    const { plan: plain } = plan(project, "lookupCustomer");
    const tool = plain.operations.find((op) => op.path === "src/tools/lookup-customer.ts");
    expect(tool?.kind === "create" && tool.content).not.toContain("requiresApproval");
    expect(tool?.kind === "create" && tool.content).toContain('description: "Lookup customer: say what it does, when to use it and what it returns.",');
    const test = plain.operations.find((op) => op.path === "test/tools/lookup-customer.test.ts");
    expect(test?.kind === "create" && test.content).not.toContain("awaiting_approval");
  });

  it("keeps a description with quotes and new lines a valid string", () => {
    const { plan: quoted } = plan(project, "notify", { description: 'Send "urgent" notes\nto the team' });
    const tool = quoted.operations.find((op) => op.path === "src/tools/notify.ts");
    expect(tool?.kind === "create" && tool.content).toContain('description: "Send \\"urgent\\" notes\\nto the team",');
  });

  it("tests the schema, that the loop offers the tool, and that a call waits for approval", () => {
    const test = content("test/tools/refund-order.test.ts")!;
    expect(test).toContain('import { refundOrder } from "../../src/tools/refund-order.ts";');
    expect(test).toContain('import { scriptedModel, type ScriptedStep } from "../helpers/scripted-model.ts";');
    expect(test).toContain('import { advance } from "../../src/agent/loop.ts";');
    expect(test).toContain("refundOrder.inputSchema.safeParse({}).success).toBe(false)");
    expect(test).toContain('model.doGenerateCalls[0]?.tools?.find((tool) => tool.name === "refund_order")');
    expect(test).toContain('expect(statusOf(thread.events)).toBe("awaiting_approval");');
  });

  it("registers the tool after the last import and at the end of the array", () => {
    const registry = content(REGISTRY)!;
    const before = project.get(REGISTRY)!;
    expect(registry.replace('import { refundOrder } from "./refund-order.ts";\n', "").replace("  refundOrder,\n", "")).toBe(before);
    expect(registry).toMatch(/import \{ requestMoreInformation \} from "\.\/request-more-information\.ts";\nimport \{ refundOrder \} from "\.\/refund-order\.ts";\n/);
    expect(registry).toMatch(/  requestMoreInformation,\n  refundOrder,\n\];/);
  });

  it("records the hash of every file it writes in the manifest, keeping the rest", () => {
    const manifest = JSON.parse(content(MANIFEST_FILE)!) as { files: Record<string, string>; modules: string[] };
    const before = JSON.parse(project.get(MANIFEST_FILE)!) as { files: Record<string, string>; modules: string[] };
    for (const path of ["src/tools/refund-order.ts", "test/tools/refund-order.test.ts", REGISTRY]) {
      expect(manifest.files[path]).toBe(hashContent(content(path)!));
    }
    expect(manifest.modules).toEqual(before.modules);
    expect(manifest.files["src/tools/add.ts"]).toBe(before.files["src/tools/add.ts"]);
  });

  it("shows the registry change as a diff for --dry-run", () => {
    const text = formatPlan(result, { diffs: true });
    expect(text).toContain("+import { refundOrder } from \"./refund-order.ts\";");
    expect(text).toContain("+  refundOrder,");
  });

  it("adds a second tool after the first", () => {
    const once = applied(project, result);
    const { plan: second } = plan(once, "lookup_customer");
    const registry = second.operations.find((op) => op.path === REGISTRY);
    expect(registry?.kind === "update" && registry.content).toMatch(/  refundOrder,\n  lookupCustomer,\n\];/);
  });
});

describe("generate tool on a registry its user reformatted", () => {
  it("keeps their layout: tabs, single quotes, no semicolons, no trailing comma, comments", () => {
    const project = createdProject(["core"]);
    project.set(
      REGISTRY,
      `import type {AnyTool} from './types.ts'
import {add} from './add.ts' // cheap
import {doneForNow} from './done-for-now.ts'

/* the tools, in order */
export const tools: AnyTool[] = [
\tadd, // first
\tdoneForNow // always last
]
`,
    );
    const { plan: result } = plan(project, "refund-order");
    const registry = result.operations.find((op) => op.path === REGISTRY);
    expect(registry?.kind === "update" && registry.content).toBe(`import type {AnyTool} from './types.ts'
import {add} from './add.ts' // cheap
import {doneForNow} from './done-for-now.ts'
import { refundOrder } from "./refund-order.ts";

/* the tools, in order */
export const tools: AnyTool[] = [
\tadd, // first
\tdoneForNow, // always last
\trefundOrder
]
`);
  });

  it("writes nothing and gives the lines to add by hand when the registry is reshaped beyond recognition", () => {
    const project = createdProject(["core"]);
    project.set(REGISTRY, `import { add } from "./add.ts";\nexport function tools() {\n  return [add];\n}\n`);
    const error = refusal(project, "refund-order");
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(
      "cannot register refund_order in src/tools/index.ts: it has no `export const tools = [...]` array; nothing was written",
    );
    expect(error.details).toContain('  import { refundOrder } from "./refund-order.ts";');
    expect(error.details).toContain("  refundOrder, // in the tools array");
  });

  it("writes nothing when the registry does not parse", () => {
    const project = createdProject(["core"]);
    project.set(REGISTRY, `export const tools = [add,,, ;\n`);
    const error = refusal(project, "refund-order");
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/does not parse/);
  });

  it("writes nothing when the manifest names a project whose registry is gone", () => {
    const project = createdProject(["core"]);
    project.delete(REGISTRY);
    const error = refusal(project, "refund-order");
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain("src/tools/index.ts: the file does not exist");
  });
});

describe("generate tool refuses, with exit 2", () => {
  const project = createdProject();

  it.each([
    ["../x", "looks like a path"],
    ["a/b", "looks like a path"],
    ["/etc/passwd", "looks like a path"],
    ["", "empty"],
    ["9lives", "is not a valid name"],
    ["bad!", "is not a valid name"],
    ["delete", "JavaScript reserved word"],
    ["class", "JavaScript reserved word"],
    ["done_for_now", "done_for_now is reserved"],
    ["doneForNow", "done_for_now is reserved"],
    ["request-more-information", "request_more_information is reserved"],
    ["tools", "tools is a name the tool, its test or the registry already use"],
    ["z", "z is a name the tool, its test or the registry already use"],
    ["divide", "src/tools/divide.ts exists already"],
    ["add", "src/tools/add.ts exists already"],
  ])("%j: %s", (name, message) => {
    const error = refusal(project, name);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(message);
  });

  it("a tool whose model name another file uses already", () => {
    const mine = new Map(project);
    mine.set("src/tools/billing.ts", `import { defineTool } from "./types.ts";\nexport const refund = defineTool({ name: "refund_order", kind: "action" } as never);\n`);
    expect(refusal(mine, "refundOrder").message).toContain("a tool named refund_order exists already (src/tools/billing.ts)");
  });

  it("an export another file has already", () => {
    const mine = new Map(project);
    mine.set("src/tools/billing.ts", `export const refundOrder = 1;\n`);
    expect(refusal(mine, "refund_order").message).toContain("refundOrder is exported already by src/tools/billing.ts");
  });

  it("an export the registry imports from elsewhere", () => {
    const mine = new Map(project);
    mine.set(REGISTRY, `import { refundOrder } from "../billing/refund.ts";\n${project.get(REGISTRY)}`);
    expect(refusal(mine, "refund-order").message).toContain("src/tools/index.ts imports a refundOrder already");
  });

  it("a test file that exists already", () => {
    const mine = new Map(project);
    mine.set("test/tools/refund-order.test.ts", "// mine\n");
    expect(refusal(mine, "refund-order").message).toContain("test/tools/refund-order.test.ts exists already");
  });

  it("an empty --description", () => {
    expect(refusal(project, "refund-order", { description: "  " }).message).toContain("--description is empty");
  });
});

describe("generate tool outside a project, with exit 1", () => {
  it("without package.json", () => {
    const error = refusal(new Map([["README.md", "# hi\n"]]), "refund-order");
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe("there is no package.json, so this does not look like an agent project");
    expect(error.details.join("\n")).toContain("looked in /work/demo for package.json, 12-factor-agent.json and the tool registry src/tools/index.ts");
    expect(error.details.join("\n")).toContain("npx create-12-factor-agent my-agent");
    expect(error.details.join("\n")).toContain("npx create-12-factor-agent add core");
  });

  it("in a package with neither the manifest nor the registry", () => {
    const error = refusal(new Map([["package.json", "{}\n"]]), "refund-order");
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe("there is neither 12-factor-agent.json nor src/tools/index.ts, so this does not look like an agent project");
  });

  it("with a manifest that is not JSON", () => {
    const project = createdProject(["core"]);
    project.set(MANIFEST_FILE, "{ nope");
    const error = refusal(project, "refund-order");
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain("12-factor-agent.json cannot be read");
  });
});

describe("generate tool in a project without a manifest", () => {
  it("registers the tool and writes no manifest", () => {
    const project = createdProject(["core"]);
    project.delete(MANIFEST_FILE);
    const { plan: result } = plan(project, "refund-order");
    expect(result.operations.map((op) => op.path)).toEqual(["src/tools/refund-order.ts", "test/tools/refund-order.test.ts", REGISTRY]);
  });

  it("puts the test where the project's tests live, and checks only the schema without the loop helpers", () => {
    const project = createdProject(["core"]);
    for (const path of [...project.keys()]) {
      if (!path.startsWith("test/")) continue;
      if (!path.startsWith("test/helpers/")) project.set(path.replace(/^test\//, "tests/"), project.get(path)!);
      project.delete(path);
    }
    const { plan: result } = plan(project, "refund-order", { approval: true });
    const test = result.operations.find((op) => op.path === "tests/tools/refund-order.test.ts");
    expect(test?.kind).toBe("create");
    expect(test?.kind === "create" && test.content).not.toContain("scriptedModel");
    expect(result.notices).toEqual([
      "tests/tools/refund-order.test.ts checks the schema only: the loop tests need tests/helpers/scripted-model.ts (from the agent core)",
    ]);
  });
});
