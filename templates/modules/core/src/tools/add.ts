import { z } from "zod";
import { defineTool } from "./types.ts";

export const add = defineTool({
  name: "add",
  description: "Add two numbers.",
  kind: "action",
  inputSchema: z.object({
    a: z.number().describe("the first number"),
    b: z.number().describe("the second number"),
  }),
  // No side effects, so running it again after a crash changes nothing. A tool that
  // changes the world takes `(input, { idempotencyKey })` and passes the key on, so the
  // change happens once however often the step runs (see README, "Guarantees").
  execute: ({ a, b }) => a + b,
});
