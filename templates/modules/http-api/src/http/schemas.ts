import { z } from "zod";
import type { HumanAnswer } from "../agent/answer.ts";

// Request bodies. Strict: an unknown field is an error, not silently ignored.

export const startThreadBody = z.strictObject({
  message: z.string().trim().min(1, "message must not be empty"),
});

export const answerBody = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("response"), response: z.string() }),
  z.strictObject({ type: z.literal("approval"), approved: z.boolean(), comment: z.string().optional() }),
]) satisfies z.ZodType<HumanAnswer>;
