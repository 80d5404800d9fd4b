import { applyAnswer, type HumanAnswer } from "../../src/agent/answer.ts";
import type { AgentDeps } from "../../src/agent/loop.ts";
import { newThread, type Thread } from "../../src/agent/thread.ts";
import { MemoryThreadStore } from "../../src/store/memory-store.ts";
import type { ThreadStore } from "../../src/store/types.ts";
import { add } from "../../src/tools/add.ts";
import { divide } from "../../src/tools/divide.ts";
import { doneForNow } from "../../src/tools/done-for-now.ts";
import { multiply } from "../../src/tools/multiply.ts";
import type { AnyTool } from "../../src/tools/types.ts";
import { scriptedModel, type ScriptedStep } from "./scripted-model.ts";

// Shared setup of the loop tests: an in-memory store, a scripted model and the calculator.

export const calculator: AnyTool[] = [add, multiply, divide, doneForNow];

export function setup(steps: ScriptedStep[], options: Partial<AgentDeps> = {}) {
  const store = new MemoryThreadStore();
  const model = scriptedModel(steps);
  const deps: AgentDeps = { model, store, tools: calculator, maxRetries: 0, ...options };
  const start = (message: string) => store.create(newThread(message));
  return { store, model, deps, start };
}

/** Everything model call n was sent, as JSON text to search in. */
export function promptOf(model: ReturnType<typeof scriptedModel>, n: number): string {
  return JSON.stringify(model.doGenerateCalls[n]?.prompt);
}

export const types = (thread: Thread) => thread.events.map((e) => e.type);

/** Answers a paused thread and stores the answer, as the terminal or the HTTP API would. */
export async function answer(store: ThreadStore, thread: Thread, reply: HumanAnswer): Promise<Thread> {
  const applied = applyAnswer(thread, reply);
  if (!applied.ok) throw new Error(applied.reason);
  return store.update(applied.thread, thread.version);
}
