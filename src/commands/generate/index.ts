import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { writeInPlace } from "../../engine/apply.ts";
import { conflictsOf, writesOf } from "../../engine/plan.ts";
import { formatPlan } from "../../engine/print-plan.ts";
import { UserError } from "../../ui/errors.ts";
import { exitCleanlyOnSignals } from "../../ui/signals.ts";
import { bold, dim, green } from "../../ui/style.ts";
import { planPrompt } from "./plan-prompt.ts";
import { planTool, type GeneratedPlan } from "./plan-tool.ts";
import { openProject, type AgentProject } from "./project.ts";
import { diskTree } from "./tree.ts";

// `generate tool|prompt <name>`: check the project, plan every file in memory, then print
// the plan (--dry-run) or write it. Nothing is written when any check fails.

export interface GenerateFlags {
  cwd?: string;
  dryRun?: boolean;
}

export interface ToolFlags extends GenerateFlags {
  approval?: boolean;
  description?: string;
}

function projectAt(cwd: string | undefined): AgentProject {
  const root = resolve(process.cwd(), cwd ?? ".");
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UserError(`--cwd ${cwd}: there is no directory ${root}`, { exitCode: 1 });
  }
  return openProject(diskTree(root));
}

function apply(project: AgentProject, generated: GeneratedPlan, flags: GenerateFlags): number {
  const { plan } = generated;
  if (flags.dryRun) {
    console.log(`${bold("Dry run")}: would generate ${generated.summary} in ${plan.root}\n`);
    console.log(formatPlan(plan, { diffs: true }));
    console.log(`\n${dim("nothing was written")}`);
    return 0;
  }
  // The checks ran on what was there a moment ago; a file that appeared since is not overwritten.
  const conflicts = conflictsOf(plan);
  if (conflicts.length > 0) {
    throw new UserError(`${conflicts.map((op) => op.path).join(", ")} appeared meanwhile; nothing was written`, { exitCode: 1 });
  }
  const writes = writesOf(plan, false);
  let written = false;
  exitCleanlyOnSignals(() => (written ? `${generated.summary} is generated` : "nothing was written"));
  writeInPlace(plan.root, writes);
  written = true;
  console.log(`${green("Generated")} ${generated.summary}\n`);
  console.log(formatPlan(plan, { diffs: false }));
  console.log(`\nNext:\n${[...generated.nextSteps, `Run the tests: ${project.script("test")}`].map((step) => `  ${step}`).join("\n")}`);
  return 0;
}

export async function generateTool(name: string, flags: ToolFlags): Promise<number> {
  const project = projectAt(flags.cwd);
  return apply(project, planTool(project, { name, approval: flags.approval, description: flags.description }), flags);
}

export async function generatePrompt(name: string, flags: GenerateFlags): Promise<number> {
  const project = projectAt(flags.cwd);
  return apply(project, planPrompt(project, { name }), flags);
}
