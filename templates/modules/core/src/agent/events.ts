import { z } from "zod";

// Every change to a thread is one of these events. The thread *is* its events:
// status, pending questions and answers are all derived from them (factor 5).

const at = z.iso.datetime();

export const userMessage = z.object({
  type: z.literal("user_message"),
  at,
  data: z.object({ message: z.string() }),
});

/** The model chose a tool (an intent). `call_id` ties the call to its result. */
export const toolCall = z.object({
  type: z.literal("tool_call"),
  at,
  data: z.object({ call_id: z.string(), tool: z.string(), input: z.unknown() }),
});

export const toolResult = z.object({
  type: z.literal("tool_result"),
  at,
  data: z.object({ call_id: z.string(), tool: z.string(), output: z.unknown() }),
});

/** A call that could not run: unknown tool, arguments that failed validation, a handler that threw. */
export const toolError = z.object({
  type: z.literal("tool_error"),
  at,
  data: z.object({ call_id: z.string().optional(), tool: z.string().optional(), error: z.string() }),
});

/** The model call itself failed (provider error after retries, garbage, text instead of a tool). */
export const modelError = z.object({
  type: z.literal("model_error"),
  at,
  data: z.object({ error: z.string(), attempts: z.number().int().positive() }),
});

export const approvalRequest = z.object({
  type: z.literal("approval_request"),
  at,
  data: z.object({ call_id: z.string(), tool: z.string(), input: z.unknown() }),
});

export const approvalResponse = z.object({
  type: z.literal("approval_response"),
  at,
  data: z.object({ call_id: z.string(), approved: z.boolean(), comment: z.string().optional() }),
});

export const humanRequest = z.object({
  type: z.literal("human_request"),
  at,
  data: z.object({
    call_id: z.string(),
    question: z.string(),
    context: z.string().optional(),
    choices: z.array(z.string()).optional(),
  }),
});

export const humanResponse = z.object({
  type: z.literal("human_response"),
  at,
  data: z.object({ call_id: z.string(), response: z.string() }),
});

export const done = z.object({
  type: z.literal("done"),
  at,
  data: z.object({ message: z.string() }),
});

export const failed = z.object({
  type: z.literal("failed"),
  at,
  data: z.object({ reason: z.string() }),
});

export const agentEvent = z.discriminatedUnion("type", [
  userMessage,
  toolCall,
  toolResult,
  toolError,
  modelError,
  approvalRequest,
  approvalResponse,
  humanRequest,
  humanResponse,
  done,
  failed,
]);

export type AgentEvent = z.infer<typeof agentEvent>;
export type EventType = AgentEvent["type"];
/** The event of one type, e.g. `EventOf<"tool_call">`. */
export type EventOf<T extends EventType> = Extract<AgentEvent, { type: T }>;

/** Build an event stamped with the current time. */
export function event<T extends EventType>(type: T, data: EventOf<T>["data"], now: Date = new Date()): EventOf<T> {
  return { type, at: now.toISOString(), data } as EventOf<T>;
}
