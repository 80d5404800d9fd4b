// The one job every runtime contender does, and the fake model's script for it.
//
// Thread i asks "multiply A and 3, then divide by 2, then add 10". The fake model
// reads what it was sent (the question and the tool results so far) and answers:
//   call 1: multiply {a: A, b: 3}
//   call 2: divide   {a: <result of call 1>, b: 2}
//   call 3: add      {a: <result of call 2>, b: 10}
//   call 4: the final answer, "the answer is <result of call 3>"
// So every contender makes 4 model calls and 3 tool executions per thread, and only
// a contender that really feeds each tool result back reaches the right answer.
// The script lives in the conversation, not in a counter, so threads can interleave.
//
// Plain JavaScript on purpose: these files import the peers, which only bench/peers
// installs, and the repository's typecheck must not depend on them.

export const counters = { modelCalls: 0, toolRuns: 0 };

export function question(i) {
  const a = 2 + (i % 97);
  return { text: `multiply ${a} and 3, then divide by 2, then add 10`, expected: (a * 3) / 2 + 10 };
}

const QUESTION = /multiply (-?[\d.]+) and (-?[\d.]+), then divide by (-?[\d.]+), then add (-?[\d.]+)/;

/**
 * The next step, given the question text and the tool results the model was sent, in order.
 * Returns { tool, input } or { final }.
 */
export function nextAction(questionText, results) {
  counters.modelCalls++;
  const match = QUESTION.exec(questionText);
  if (!match) throw new Error(`fake model: no question in ${JSON.stringify(questionText.slice(0, 200))}`);
  const [a, b, c, d] = match.slice(1).map(Number);
  const last = () => {
    const value = Number(results.at(-1));
    if (!Number.isFinite(value)) throw new Error(`fake model: tool result ${JSON.stringify(results.at(-1))} is not a number`);
    return value;
  };
  switch (results.length) {
    case 0:
      return { tool: "multiply", input: { a, b } };
    case 1:
      return { tool: "divide", input: { a: last(), b: c } };
    case 2:
      return { tool: "add", input: { a: last(), b: d } };
    default:
      return { final: `the answer is ${last()}` };
  }
}

/** The three calculator tools every contender registers (in its own framework's way). */
export const calculator = {
  multiply: ({ a, b }) => {
    counters.toolRuns++;
    return a * b;
  },
  divide: ({ a, b }) => {
    counters.toolRuns++;
    if (b === 0) throw new Error("cannot divide by zero");
    return a / b;
  },
  add: ({ a, b }) => {
    counters.toolRuns++;
    return a + b;
  },
};

export const descriptions = {
  multiply: "Multiply two numbers.",
  divide: "Divide a by b.",
  add: "Add two numbers.",
};

/** Fails the run when a contender skipped work or answered wrong. */
export function checkAnswer(i, answer) {
  const { expected } = question(i);
  if (typeof answer !== "string" || !answer.includes(`the answer is ${expected}`)) {
    throw new Error(`thread ${i}: expected "the answer is ${expected}", got ${JSON.stringify(answer)}`);
  }
}
