import {
  APICallError,
  generateText,
  RetryError,
  tool,
  ToolChoiceViolationError,
  zodSchema,
  type LanguageModel,
  type ToolSet,
} from "ai";
import type { AnyTool } from "../tools/types.ts";
import { compactError } from "./errors.ts";

// One model call turns the context into one tool call (factors 1 and 4). Every
// way this can go wrong comes back as a value the loop records, never a throw.

export interface ToolCallRequest {
  call_id: string;
  tool: string;
  input: unknown;
}

export type NextStep =
  /** A call to a known tool whose input passed the tool's zod schema (`input` is the parsed value). */
  | { type: "call"; call: ToolCallRequest; tool: AnyTool }
  /** The model called an unknown tool or sent bad input: recorded as a tool_error it sees next. */
  | { type: "invalid_call"; call: ToolCallRequest; error: string }
  /** The call itself failed: provider error after retries, a timeout, or text instead of a tool. */
  | { type: "model_error"; error: string; attempts: number };

export interface NextStepOptions {
  model: LanguageModel;
  tools: readonly AnyTool[];
  instructions: string;
  /** The serialized thread, sent as the one user message. */
  context: string;
  /** Retries of rate limits and server errors, with backoff, inside the SDK. */
  maxRetries?: number;
  timeoutMs?: number;
}

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 60_000;

export async function nextStep(options: NextStepOptions): Promise<NextStep> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let result;
  try {
    result = await generateText({
      model: options.model,
      instructions: options.instructions,
      messages: [{ role: "user", content: options.context }],
      tools: toSdkTools(options.tools),
      toolChoice: "required",
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      timeout: { totalMs: timeoutMs },
    });
  } catch (error) {
    return modelError(error, options.tools, timeoutMs);
  }

  // One step at a time: when a model sends several calls, the first one wins and
  // the model sees its result before deciding again.
  const first = result.toolCalls[0];
  if (!first) {
    return { type: "model_error", error: "the model answered without calling a tool", attempts: 1 };
  }
  return parseCall(options.tools, { call_id: first.toolCallId, tool: first.toolName, input: first.input });
}

/**
 * Checks a call against the registry with the tool's own zod schema. The SDK
 * validates too; checking here keeps the guarantee ours whatever the SDK or the
 * provider does, and covers calls read back from a stored thread.
 */
export function parseCall(
  tools: readonly AnyTool[],
  call: ToolCallRequest,
): Extract<NextStep, { type: "call" | "invalid_call" }> {
  const found = tools.find((t) => t.name === call.tool);
  if (!found) {
    const names = tools.map((t) => t.name).join(", ");
    return { type: "invalid_call", call, error: `unknown tool "${call.tool}"; the tools are: ${names}` };
  }
  const input = parseJsonString(call.input);
  if (input === undefined) {
    const error = `invalid input for ${call.tool}: expected a JSON object, got ${compactError(call.input)}`;
    return { type: "invalid_call", call, error };
  }
  const parsed = found.inputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
    return { type: "invalid_call", call, error: `invalid input for ${call.tool}: ${issues}` };
  }
  return { type: "call", call: { ...call, input: parsed.data }, tool: found };
}

// Converting zod schemas to JSON schema is the costliest part of a step on our side, and
// the registry does not change between steps: convert each tools list once.
const sdkToolsCache = new WeakMap<readonly AnyTool[], ToolSet>();

function toSdkTools(tools: readonly AnyTool[]): ToolSet {
  let cached = sdkToolsCache.get(tools);
  if (!cached) {
    // No `execute`: the SDK only reports the chosen call; our loop decides what runs.
    cached = Object.fromEntries(
      tools.map((t) => [t.name, tool({ description: t.description, inputSchema: zodSchema(t.inputSchema) })]),
    );
    sdkToolsCache.set(tools, cached);
  }
  return cached;
}

// Input the SDK could not parse reaches us as the raw text the model produced;
// undefined means that text is not JSON at all.
function parseJsonString(input: unknown): unknown {
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input);
  } catch {
    return undefined;
  }
}

function modelError(error: unknown, tools: readonly AnyTool[], timeoutMs: number): NextStep {
  if (ToolChoiceViolationError.isInstance(error)) {
    const text = error.content.flatMap((c) => (c.type === "text" ? [c.text] : [])).join(" ");
    const finish = tools.filter((t) => t.kind === "final").map((t) => t.name).join(" or ");
    return {
      type: "model_error",
      error: compactError(
        `answered with text instead of calling a tool${text ? `: "${text}"` : ""}. Call exactly one tool${finish ? `; to answer the user, call ${finish}` : ""}.`,
      ),
      attempts: 1,
    };
  }
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return { type: "model_error", error: `the model did not answer within ${timeoutMs} ms`, attempts: 1 };
  }
  if (RetryError.isInstance(error)) {
    return { type: "model_error", error: describe(error.lastError), attempts: error.errors.length };
  }
  return { type: "model_error", error: describe(error), attempts: 1 };
}

function describe(error: unknown): string {
  if (APICallError.isInstance(error) && error.statusCode !== undefined) {
    return compactError(
      error.statusCode >= 400
        ? `provider answered ${error.statusCode}: ${error.message}`
        : `the provider's answer could not be read: ${error.message}`,
    );
  }
  return compactError(error);
}
