import { z } from "zod";
import { defineTool } from "./types.ts";

// Contacting a human is just another tool call (factor 7): the loop pauses the
// thread with a human_request, and the answer comes back as a human_response.
export const requestMoreInformation = defineTool({
  name: "request_more_information",
  description: "Ask the user a question when the request is unclear or something only they know is missing.",
  kind: "human",
  inputSchema: z.object({
    question: z.string().describe("one clear question for the user"),
    context: z.string().optional().describe("why you ask, in a sentence"),
    choices: z.array(z.string()).optional().describe("answers the user may pick from, if the options are known"),
  }),
});
