import { z } from "zod";
import { defineTool } from "./types.ts";

export const doneForNow = defineTool({
  name: "done_for_now",
  description: "Finish and give the user your final answer.",
  kind: "final",
  inputSchema: z.object({
    message: z.string().describe("the final answer, written for the user"),
  }),
});
