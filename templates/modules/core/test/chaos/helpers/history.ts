import { isDeepStrictEqual } from "node:util";
import type { AgentEvent } from "../../../src/agent/events.ts";
import { reduce } from "../../../src/agent/reducer.ts";
import type { Thread } from "../../../src/agent/thread.ts";
import { finalAnswer, planMessage, type PlanStep } from "../../helpers/plan-model.ts";
import type { EffectRecord } from "../../helpers/recording-tool.ts";
import type { Random } from "./chaos.ts";

// What a finished thread must look like after any number of crashes: exactly the
// history an undisturbed run writes. No event missing, none twice, every result
// the one its step produced, the right final answer.

export interface Task {
  /** Names the task; also used as its thread id or Idempotency-Key. */
  name: string;
  message: string;
  steps: PlanStep[];
}

/** A plan of 1 to `maxSteps` steps: records (side effects), arithmetic, and divide (approved by a human). */
export function randomTask(rnd: Random, name: string, maxSteps = 4): Task {
  const steps: PlanStep[] = [];
  for (let i = rnd.int(1, maxSteps); i > 0; i--) {
    const tool = rnd.pick(["record", "record", "add", "multiply", "divide"] as const);
    steps.push(tool === "record" ? { tool, input: { note: `${name}-${i}` } } : { tool, input: { a: rnd.int(1, 99), b: rnd.int(1, 9) } });
  }
  return { name, steps, message: planMessage(`task ${name}`, steps) };
}

const arithmetic: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
};

/**
 * Why `thread` is not the finished history of `task`, or [] when it is. Outputs of
 * `record` must be the one effect made under that call's idempotency key.
 */
export function historyProblems(thread: Thread, task: Task, effects: Map<string, EffectRecord>): string[] {
  const problems: string[] = [];
  const outputs: unknown[] = [];
  const expected: Array<Pick<AgentEvent, "type"> & { data: unknown }> = [{ type: "user_message", data: { message: task.message } }];
  for (const step of task.steps) {
    const index = expected.length;
    expected.push({ type: "tool_call", data: { tool: step.tool, input: step.input } });
    if (step.tool === "divide") {
      expected.push({ type: "approval_request", data: { tool: step.tool, input: step.input } });
      expected.push({ type: "approval_response", data: { approved: true } });
    }
    let output: unknown;
    if (step.tool === "record") {
      const effect = effects.get(`${thread.id}:${index}`);
      if (!effect) problems.push(`no effect recorded for ${thread.id}:${index}`);
      output = effect?.output;
    } else {
      output = arithmetic[step.tool]?.(Number(step.input.a), Number(step.input.b));
    }
    outputs.push(output);
    expected.push({ type: "tool_result", data: { tool: step.tool, output } });
  }
  const message = finalAnswer(outputs);
  expected.push({ type: "tool_call", data: { tool: "done_for_now", input: { message } } });
  expected.push({ type: "done", data: { message } });

  const actual = thread.events.map((e) => ({ type: e.type, data: withoutCallId(e.data) }));
  if (!isDeepStrictEqual(actual, expected)) {
    problems.push(`thread ${thread.id} (${task.name}) differs from an undisturbed run:\n` +
      `  expected ${JSON.stringify(expected.map((e) => e.type))}\n  got      ${JSON.stringify(actual.map((e) => e.type))}\n` +
      `  got events ${JSON.stringify(actual)}`);
  }
  return [...problems, ...replayProblems(thread)];
}

/** The events must follow each other as the reducer allows, each call settled by its own id. */
function replayProblems(thread: Thread): string[] {
  let current: Thread = { ...thread, events: thread.events.slice(0, 1) };
  for (const next of thread.events.slice(1)) {
    const reduced = reduce(current, next);
    if (!reduced.ok) return [`thread ${thread.id}: ${reduced.reason}`];
    current = reduced.thread;
  }
  return [];
}

function withoutCallId(data: object): unknown {
  const { call_id: _ignored, ...rest } = data as { call_id?: unknown };
  return rest;
}

/** Effects the threads do not account for: a step whose effect was made twice under different keys. */
export function strayEffects(threads: readonly Thread[], effects: Map<string, EffectRecord>): string[] {
  const accounted = new Set<string>();
  for (const thread of threads) {
    thread.events.forEach((e, i) => {
      if (e.type === "tool_call" && e.data.tool === "record") accounted.add(`${thread.id}:${i}`);
    });
  }
  return [...effects.keys()].filter((key) => !accounted.has(key));
}
