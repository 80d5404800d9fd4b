import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeInPlace } from "../../engine/apply.ts";
import { conflictsOf, writesOf } from "../../engine/plan.ts";
import { formatPlan } from "../../engine/print-plan.ts";
import { findAppFile } from "../../detect/http-framework.ts";
import { CancelledError, UserError } from "../../ui/errors.ts";
import { exitCleanlyOnSignals } from "../../ui/signals.ts";
import { dim, green, yellow } from "../../ui/style.ts";
import { mountInstructions, type MountInstructions } from "./mount.ts";
import type { AddFlags } from "./options.ts";
import type { AddPlan } from "./plan.ts";
import { nextSteps, printMount, summary } from "./report.ts";
import { setUp, type AddContext, type Setup } from "./setup.ts";

export type { AddFlags } from "./options.ts";
export type { AddContext } from "./setup.ts";

// `add <module...>`: one plan, printed, then written at once (or not at all).

function mountFor(setup: Setup, plan: AddPlan): MountInstructions | undefined {
  const { shape, layout } = setup;
  if (!shape?.framework || !plan.modules.some((m) => m.id === "http-api")) return undefined;
  return mountInstructions({
    framework: shape.framework,
    layout,
    appFile: findAppFile(setup.root, shape.sourceDir, shape.framework, layout.agentDir),
    sourceDir: shape.sourceDir,
    moduleType: shape.moduleType,
    typescript: !layout.ownTsconfig,
    checksJs: layout.ownTsconfig && existsSync(join(setup.root, "jsconfig.json")),
  });
}

export async function add(moduleIds: string[], flags: AddFlags, context: AddContext): Promise<number> {
  const { setup, plan, requested } = await setUp(moduleIds, flags, context);
  const requestedIds = new Set(requested.map((module) => module.id));
  const mount = mountFor(setup, plan);
  const conflicts = conflictsOf(plan);
  const changes = plan.operations.filter((op) => op.kind !== "skip");

  console.log(summary(setup, plan, requestedIds));

  if (changes.length === 0 && plan.manual.length === 0) {
    console.log(`\n${green("Already up to date:")} ${[...requestedIds].join(", ")} ${requestedIds.size > 1 ? "are" : "is"} in ${setup.layout.agentDir || "this project"} and every file matches. Nothing was written.`);
    for (const notice of plan.notices) console.log(`  ${yellow("note")}     ${notice}`);
    return 0;
  }

  // Every change to a file that exists (package.json, .env.example, a conflict) is shown as a diff.
  console.log(`\n${formatPlan(plan, { diffs: true })}`);
  for (const line of plan.manual) console.log(`  ${yellow(line)}`);

  if (flags.dryRun) {
    printMount(mount);
    console.log(`\n${dim(`dry run: ${changes.length} change(s) planned${conflicts.length > 0 ? `, ${conflicts.length} conflict(s)` : ""}; nothing was written`)}`);
    return 0;
  }

  if (conflicts.length > 0 && !flags.force) {
    throw new UserError(`${conflicts.length} file(s) exist with other content than add would write (shown above):`, {
      exitCode: 1,
      details: [
        ...conflicts.map((op) => `  ${op.path}`),
        "nothing was written. Keep your versions out of the way (rename or commit them), or pass --force to overwrite these files.",
      ],
    });
  }

  if (context.interactive && !flags.yes) {
    const p = await import("@clack/prompts");
    const answer = await p.confirm({ message: `Write ${changes.length} change(s)${conflicts.length ? `, overwriting ${conflicts.length} file(s)` : ""}?` });
    if (p.isCancel(answer) || !answer) throw new CancelledError();
  }

  const writes = writesOf(plan, Boolean(flags.force));
  let written = false;
  exitCleanlyOnSignals(() => (written ? "every file was written" : "nothing was written"));
  writeInPlace(setup.root, writes);
  written = true;

  if (conflicts.length > 0) console.log(yellow(`\n--force: overwrote ${conflicts.map((op) => op.path).join(", ")}`));
  const created = writes.length - plan.operations.filter((op) => op.kind === "update").length - (flags.force ? conflicts.length : 0);
  const added = plan.added.length > 0 ? plan.added.map((m) => m.id).join(", ") : [...requestedIds].join(", ");
  console.log(`\n${green("Added")} ${added}: ${created} file(s) created, ${writes.length - created} changed.`);
  printMount(mount);
  console.log(`\nNext steps:\n${nextSteps(setup, plan).map((step) => `  ${step}`).join("\n")}`);
  return 0;
}
