import { z } from "zod";
import { defineTool } from "./types.ts";

export const divide = defineTool({
  name: "divide",
  description: "Divide a by b.",
  kind: "action",
  // Gated like the workshop's divide: a human approves each call before it runs.
  requiresApproval: true,
  inputSchema: z.object({
    a: z.number().describe("the dividend"),
    b: z.number().describe("the divisor"),
  }),
  execute: ({ a, b }) => {
    // Thrown errors become a tool_error the model reads and can recover from.
    if (b === 0) throw new Error("cannot divide by zero");
    return a / b;
  },
});
