import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tools } from "../src/tools/index.ts";

const context = { threadId: "t1", idempotencyKey: "t1:1" };
const byName = (name: string) => {
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool;
};

describe("calculator tools", () => {
  it("compute", async () => {
    expect(await byName("add").execute?.({ a: 3, b: 4 }, context)).toBe(7);
    expect(await byName("subtract").execute?.({ a: 3, b: 4 }, context)).toBe(-1);
    expect(await byName("multiply").execute?.({ a: 3, b: 4 }, context)).toBe(12);
    expect(await byName("divide").execute?.({ a: 3, b: 4 }, context)).toBe(0.75);
  });

  it("gate divide behind approval and refuse division by zero", () => {
    expect(byName("divide").requiresApproval).toBe(true);
    expect(() => byName("divide").execute?.({ a: 1, b: 0 }, context)).toThrow("cannot divide by zero");
  });

  it("end with done_for_now", () => {
    expect(byName("done_for_now").kind).toBe("final");
  });
});

describe("the registry", () => {
  it("has unique snake_case names", () => {
    const names = tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it("keeps schemas to features every provider accepts (no unions, no size limits)", () => {
    for (const tool of tools) {
      const schema = JSON.stringify(z.toJSONSchema(tool.inputSchema));
      expect(schema, tool.name).not.toMatch(/"(anyOf|oneOf|allOf|minimum|maximum|minLength|maxLength|minItems|maxItems)"/);
    }
  });

  it("gives every action tool a handler and every final tool a message", () => {
    for (const tool of tools) {
      if (tool.kind === "action") expect(tool.execute, tool.name).toBeTypeOf("function");
      if (tool.kind === "final") expect(Object.keys(tool.inputSchema.shape)).toContain("message");
    }
  });
});
