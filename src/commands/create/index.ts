import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { renderProject } from "../../engine/project.ts";
import { conflictsOf, planFiles, writesOf, type Plan } from "../../engine/plan.ts";
import { formatPlan } from "../../engine/print-plan.ts";
import { writeInPlace, writeNewDirectory } from "../../engine/apply.ts";
import { initGit } from "../../helpers/git.ts";
import { installDependencies } from "../../helpers/install.ts";
import { nextSteps } from "../../helpers/next-steps.ts";
import { finish, runStep, success } from "../../ui/progress.ts";
import { exitCleanlyOnSignals } from "../../ui/signals.ts";
import { UserError } from "../../ui/errors.ts";
import { bold, dim, green, red, yellow } from "../../ui/style.ts";
import { answersFromFlags, type CreateAnswers, type CreateFlags } from "./options.ts";
import { resolveTarget, type Target } from "./target.ts";

export interface CreateContext {
  /** True when we may ask questions: a TTY on both ends and neither --yes nor CI. */
  interactive: boolean;
}

export async function create(directory: string | undefined, flags: CreateFlags, context: CreateContext): Promise<number> {
  const answers = context.interactive
    ? await (await import("./prompts.ts")).askForAnswers(directory, flags)
    : answersFromFlags(directory, flags);

  const target = resolveTarget(answers.directory);
  if (target.existing.length > 0 && !flags.force) {
    const shown = target.existing.slice(0, 10).join(", ") + (target.existing.length > 10 ? `, … (${target.existing.length} entries)` : "");
    throw new UserError(`${relativeDir(target)} is not empty (${shown})`, {
      exitCode: 1,
      details: ["choose a new directory, empty this one, or pass --force to write into it (nothing of yours is deleted)"],
    });
  }

  const plan = planProject(answers, target);
  const where = relativeDir(target);

  if (flags.dryRun) {
    console.log(`${bold("Dry run")}: would create ${where} (${answers.provider.title}, ${answers.modules.map((m) => m.id).join(", ")})\n`);
    console.log(formatPlan(plan, { diffs: true }));
    // The two files whose content depends on the answers, in full.
    for (const path of ["package.json", ".env.example"]) {
      const op = plan.operations.find((candidate) => candidate.path === path);
      if (op && op.kind !== "skip") console.log(`\n${bold(path)}\n${op.content.trimEnd()}`);
    }
    console.log(`\n${answers.install ? `would then run: ${answers.pm} install` : "would not install (--no-install)"}`);
    console.log(`\n${dim("nothing was written")}`);
    return 0;
  }

  const overwritten = conflictsOf(plan);
  if (overwritten.length > 0) {
    console.log(yellow(`--force: overwriting ${overwritten.length} existing file(s) in ${where}:`));
    for (const op of overwritten) console.log(`  ${op.path}`);
  }

  const writes = writesOf(plan, true);
  let written = false;
  exitCleanlyOnSignals(() => (written ? `${where} is complete; run ${answers.pm} install there` : "nothing was written"));
  if (target.existing.length > 0) writeInPlace(target.dir, writes);
  else writeNewDirectory(target.dir, writes);
  written = true;
  await success(`Wrote ${writes.length} files to ${where}`);

  let exitCode = 0;
  if (answers.install) {
    const result = await runStep(`Installing dependencies with ${answers.pm}`, () =>
      installDependencies(target.dir, answers.pm, flags.verbose ?? false),
    );
    if (!result.ok) {
      console.error(red(`\n${result.command} failed. Its last lines:\n`));
      console.error(result.outputTail);
      console.error(`\nThe project is complete in ${where}. Retry with: cd ${where} && ${result.command}`);
      exitCode = 1;
    }
  }

  if (flags.git !== false) {
    const git = await initGit(target.dir);
    if (git.done !== "committed") console.log(dim(`git: ${git.why}`));
  }

  if (exitCode === 0) await finish(`${green("Done.")} ${nextSteps(answers, where)}`);
  return exitCode;
}

/** Everything `create` would write, as a plan against what the directory already holds. */
export function planProject(answers: CreateAnswers, target: Target): Plan {
  const files = renderProject({
    name: target.name,
    provider: answers.provider,
    model: answers.model,
    store: answers.store,
    modules: answers.modules,
  });
  const readExisting = (path: string) => {
    const file = join(target.dir, path);
    return target.existing.length > 0 && existsSync(file) ? readFileSync(file, "utf8") : undefined;
  };
  return { root: target.dir, operations: planFiles(files, readExisting), notices: [] };
}

function relativeDir(target: Target): string {
  return relative(process.cwd(), target.dir) || ".";
}
