import type { HumanAnswer } from "../src/agent/answer.ts";
import type { AgentDeps } from "../src/agent/loop.ts";
import type { Waiting } from "../src/agent/reducer.ts";
import { newThread, statusOf, type Thread } from "../src/agent/thread.ts";
import type { HumanChannel } from "../src/human/channel.ts";
import { converse } from "../src/human/converse.ts";
import type { EvalCase } from "./cases.ts";

export interface CaseResult {
  name: string;
  problems: string[];
  thread: Thread;
}

/** Runs one case to the end, answering as the case says, and lists what went wrong. */
export async function runCase(evalCase: EvalCase, deps: AgentDeps): Promise<CaseResult> {
  const created = await deps.store.create(newThread(evalCase.message));
  const thread = await converse(created, deps, new CaseAnswers(evalCase));
  return { name: evalCase.name, problems: check(evalCase, thread), thread };
}

export function check(evalCase: EvalCase, thread: Thread): string[] {
  const problems: string[] = [];
  const last = thread.events.at(-1);
  if (last?.type !== "done") {
    const why = last?.type === "failed" ? `: ${last.data.reason}` : "";
    problems.push(`ended ${statusOf(thread.events)} instead of done${why}`);
  }
  const called = thread.events.flatMap((e) => (e.type === "tool_call" ? [e.data.tool] : []));
  if (evalCase.expectTools && called.join(" ") !== evalCase.expectTools.join(" ")) {
    problems.push(`called ${called.join(", ") || "no tools"}; expected ${evalCase.expectTools.join(", ")}`);
  }
  const final = last?.type === "done" ? last.data.message : "";
  for (const text of evalCase.finalIncludes ?? []) {
    if (!final.toLowerCase().includes(text.toLowerCase())) problems.push(`final answer lacks "${text}": ${final}`);
  }
  return problems;
}

/** Stands in for the human: approves or denies as the case says and gives its answers in order. */
class CaseAnswers implements HumanChannel {
  readonly #answers: string[];
  readonly #approve: NonNullable<EvalCase["approve"]>;

  constructor(evalCase: EvalCase) {
    this.#answers = [...(evalCase.answers ?? [])];
    this.#approve = evalCase.approve ?? true;
  }

  async notify(_thread: Thread, request: Waiting): Promise<HumanAnswer | undefined> {
    if (request.type === "approval_request") {
      return typeof this.#approve === "object"
        ? { type: "approval", ...this.#approve }
        : { type: "approval", approved: this.#approve };
    }
    const response = this.#answers.shift();
    // No answer left: the thread stays paused and the check reports it.
    return response === undefined ? undefined : { type: "response", response };
  }
}
