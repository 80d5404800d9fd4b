// Prompt evals: real requests, run against the real model with `npm run eval`.
// Add a case whenever the agent gets something wrong, then change the prompt
// (prompts/*.md) or the tools until every case passes.

export interface EvalCase {
  name: string;
  /** What the user asks. */
  message: string;
  /** The tools the agent should call, in order, the finishing tool included. */
  expectTools?: string[];
  /** Text the final answer must contain (case-insensitive). */
  finalIncludes?: string[];
  /** How approvals are answered; approve unless set. */
  approve?: boolean | { approved: false; comment: string };
  /** Answers to the agent's questions, in order. */
  answers?: string[];
}

export const cases: EvalCase[] = [
  {
    name: "multiplies with the tool, not from memory",
    message: "multiply 3 and 4",
    expectTools: ["multiply", "done_for_now"],
    finalIncludes: ["12"],
  },
  {
    name: "chains two operations",
    message: "add 3 and 4, then multiply the result by 2",
    expectTools: ["add", "multiply", "done_for_now"],
    finalIncludes: ["14"],
  },
  {
    name: "divides once approved",
    message: "divide 10 by 4",
    expectTools: ["divide", "done_for_now"],
    finalIncludes: ["2.5"],
  },
  {
    name: "respects a denial",
    message: "divide 10 by 4",
    approve: { approved: false, comment: "do not divide today" },
    expectTools: ["divide", "done_for_now"],
  },
];
