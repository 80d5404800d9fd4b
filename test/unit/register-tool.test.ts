import { describe, expect, it } from "vitest";
import { registerTool } from "../../src/engine/register-tool.ts";

const tool = { exportName: "refundOrder", from: "./refund-order.ts" };

const registry = `import type { AnyTool } from "./types.ts";
import { add } from "./add.ts";
import { doneForNow } from "./done-for-now.ts";

// Every tool the model may choose.
export const tools: AnyTool[] = [
  add,
  doneForNow,
];
`;

describe("registerTool", () => {
  it("adds one import after the last import and one entry at the end of the array", () => {
    const result = registerTool(registry, tool);
    expect(result).toMatchObject({ ok: true, changed: true });
    if (!result.ok) return;
    expect(result.source).toBe(`import type { AnyTool } from "./types.ts";
import { add } from "./add.ts";
import { doneForNow } from "./done-for-now.ts";
import { refundOrder } from "./refund-order.ts";

// Every tool the model may choose.
export const tools: AnyTool[] = [
  add,
  doneForNow,
  refundOrder,
];
`);
  });

  it("changes nothing when the tool is registered already", () => {
    const once = registerTool(registry, tool);
    if (!once.ok) throw new Error(once.reason);
    const twice = registerTool(once.source, tool);
    expect(twice).toEqual({ ok: true, source: once.source, changed: false });
  });

  it("follows a one-line array", () => {
    const result = registerTool(`import { add } from "./add.ts";\nexport const tools = [add];\n`, tool);
    expect(result.ok && result.source).toBe(
      `import { add } from "./add.ts";\nimport { refundOrder } from "./refund-order.ts";\nexport const tools = [add, refundOrder];\n`,
    );
  });

  it("keeps a user's reformatting: no trailing comma, tabs, comments, `as const`", () => {
    const reformatted = `import {add} from './add.ts'  // math
import {divide} from './divide.ts'

/* the list */
export const tools = [
\tadd, // cheap
\tdivide // needs approval
] as const
`;
    const result = registerTool(reformatted, tool);
    expect(result.ok && result.source).toBe(`import {add} from './add.ts'  // math
import {divide} from './divide.ts'
import { refundOrder } from "./refund-order.ts";

/* the list */
export const tools = [
\tadd, // cheap
\tdivide, // needs approval
\trefundOrder
] as const
`);
  });

  it("adds the missing comma when the last element has none", () => {
    const source = `import { add } from "./add.ts";\nexport const tools = [\n  add\n];\n`;
    const result = registerTool(source, tool);
    expect(result.ok && result.source).toContain(`[\n  add,\n  refundOrder\n];`);
  });

  it("keeps a comment on the last line with its element when there is a trailing comma", () => {
    const source = `import { add } from "./add.ts";\nexport const tools = [\n  add, // first\n];\n`;
    const result = registerTool(source, tool);
    expect(result.ok && result.source).toContain(`  add, // first\n  refundOrder,\n];`);
  });

  it("ignores look-alikes in comments and strings", () => {
    const source = `// export const tools = [fake];\nconst s = "export const tools = []";\nexport const tools = [];\n`;
    const result = registerTool(source, tool);
    expect(result.ok && result.source).toBe(
      `import { refundOrder } from "./refund-order.ts";\n// export const tools = [fake];\nconst s = "export const tools = []";\nexport const tools = [refundOrder];\n`,
    );
  });

  it("refuses a registry reshaped beyond recognition, giving the lines to add by hand", () => {
    const result = registerTool(`export function tools() { return []; }\n`, tool);
    expect(result).toEqual({
      ok: false,
      reason: "it has no `export const tools = [...]` array",
      manualLines: [`import { refundOrder } from "./refund-order.ts";`, "refundOrder, // in the tools array"],
    });
  });

  it("refuses a file that does not parse", () => {
    const result = registerTool(`export const tools = [add,,, ;`, tool);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/does not parse/);
  });
});
