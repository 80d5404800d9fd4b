import { z } from "zod";
import { defineTool } from "./types.ts";

export const multiply = defineTool({
  name: "multiply",
  description: "Multiply two numbers.",
  kind: "action",
  inputSchema: z.object({
    a: z.number().describe("the first number"),
    b: z.number().describe("the second number"),
  }),
  execute: ({ a, b }) => a * b,
});
