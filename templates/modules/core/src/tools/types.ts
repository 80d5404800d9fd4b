import type { z } from "zod";

/** What a tool handler gets besides its input. */
export interface ToolContext {
  threadId: string;
  /**
   * Stable for this one call of this one thread (thread id + step index). Pass it to
   * anything with side effects so a retried or resumed step never does the work twice.
   */
  idempotencyKey: string;
}

/**
 * A tool is an intent the model can choose (factor 4): a name, a description,
 * a zod schema for its input and what it does.
 *   - "action": runs `execute` and records the result
 *   - "human":  pauses the thread until a human answers (no execute)
 *   - "final":  ends the thread with the input's `message`
 */
export interface ToolDefinition<Schema extends z.ZodObject = z.ZodObject> {
  /** snake_case, as the model sees it. */
  name: string;
  description: string;
  inputSchema: Schema;
  kind: "action" | "human" | "final";
  /** Pause for a human's approval before running. */
  requiresApproval?: boolean;
  // Method syntax on purpose: it lets a tool with a narrow input type sit in a list of AnyTool.
  execute?(input: z.infer<Schema>, context: ToolContext): unknown;
}

export type AnyTool = ToolDefinition<z.ZodObject>;

/** Identity function that keeps the schema's type for the handler's input. */
export function defineTool<Schema extends z.ZodObject>(tool: ToolDefinition<Schema>): ToolDefinition<Schema> {
  return tool;
}
