// Prompt evals against the real model (npm run eval). Offline tests cannot tell
// whether the prompt works; these can, at the price of real calls.
import { styleText } from "node:util";
import { cases } from "../evals/cases.ts";
import { runCase } from "../evals/run-case.ts";
import { compactError } from "./agent/errors.ts";
import { createModel, missingCredentials } from "./llm/provider.ts";
import { MemoryThreadStore } from "./store/memory-store.ts";

const missing = missingCredentials();
if (missing.length > 0) {
  console.log(`eval skipped: set ${missing.join(" and ")} in .env (see .env.example) to run the prompt evals.`);
  process.exit(0);
}

const deps = { model: createModel(), store: new MemoryThreadStore() };
let failures = 0;
for (const evalCase of cases) {
  let problems: string[];
  try {
    problems = (await runCase(evalCase, deps)).problems;
  } catch (error) {
    problems = [compactError(error)];
  }
  if (problems.length > 0) failures++;
  const mark = problems.length === 0 ? styleText("green", "✓") : styleText("red", "✗");
  console.log(`${mark} ${evalCase.name}${problems.map((p) => `\n    ${p}`).join("")}`);
}
console.log(`\n${cases.length - failures}/${cases.length} cases passed`);
process.exitCode = failures > 0 ? 1 : 0;
