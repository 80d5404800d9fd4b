import { existsSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { writeInPlace } from "../../engine/apply.ts";
import { CREATED_LAYOUT, layoutOf, type AgentLayout } from "../../engine/layout.ts";
import type { AgentManifest } from "../../engine/manifest.ts";
import { conflictsOf, writesOf } from "../../engine/plan.ts";
import { formatPlan } from "../../engine/print-plan.ts";
import { findAppFile } from "../../detect/http-framework.ts";
import { defaultAgentDir, detectProjectShape, type ProjectShape } from "../../detect/project.ts";
import { runScript, type PackageManager } from "../../detect/package-manager.ts";
import { findProvider } from "../../registry/providers.ts";
import type { ProviderManifest } from "../../registry/types.ts";
import { CancelledError, UserError } from "../../ui/errors.ts";
import { exitCleanlyOnSignals } from "../../ui/signals.ts";
import { bold, cyan, dim, green, yellow } from "../../ui/style.ts";
import { decideLayout, type LayoutDecision } from "./choose-layout.ts";
import { mountInstructions, type MountInstructions } from "./mount.ts";
import { parseAgentDir, parseProviderFlag, parseRequestedModules, resolveProjectRoot, type AddFlags } from "./options.ts";
import { planAdd, type AddPlan } from "./plan.ts";
import { checkAgentDir, readHostPackageJson, readManifest } from "./preflight.ts";

export type { AddFlags } from "./options.ts";

export interface AddContext {
  /** True when we may ask questions: a TTY on both ends and neither --yes nor CI. */
  interactive: boolean;
}

interface Setup {
  root: string;
  manifest: AgentManifest | undefined;
  layout: AgentLayout;
  decision: LayoutDecision | undefined;
  shape: ProjectShape | undefined;
  provider: ProviderManifest;
  model: string;
  pm: PackageManager;
}

async function chooseProvider(manifest: AgentManifest | undefined, flags: AddFlags, context: AddContext): Promise<{ provider: ProviderManifest; model: string }> {
  const existing = manifest?.modules.includes("core") ? findProvider(manifest.provider) : undefined;
  if (existing) {
    if (flags.provider && flags.provider !== existing.id) {
      throw new UserError(`this project's agent uses ${existing.id} (12-factor-agent.json); --provider only applies when core is added`, {
        details: ["drop --provider (to change provider, edit the agent's llm/provider.ts and package.json yourself)"],
      });
    }
    return { provider: existing, model: manifest!.model };
  }
  let provider = flags.provider ? parseProviderFlag(flags.provider) : undefined;
  if (!provider && context.interactive) {
    const p = await import("@clack/prompts");
    const { PROVIDERS } = await import("../../registry/providers.ts");
    const answer = await p.select({
      message: "Which LLM provider should the agent use?",
      options: PROVIDERS.map((candidate) => ({ value: candidate.id, label: candidate.title, hint: candidate.package })),
      initialValue: "openai",
    });
    if (p.isCancel(answer)) throw new CancelledError();
    provider = findProvider(answer);
  }
  provider ??= findProvider("openai")!;
  return { provider, model: flags.model ?? provider.defaultModel };
}

async function setUp(moduleIds: string[], flags: AddFlags, context: AddContext) {
  const requested = parseRequestedModules(moduleIds);
  const root = resolveProjectRoot(flags.cwd);
  const packageJson = readHostPackageJson(root);
  const manifest = readManifest(root);
  const created = manifest !== undefined && !manifest.agentDir;

  if (created && flags.dir !== undefined) {
    throw new UserError("this project was made by create-12-factor-agent: its modules go where create puts them (src/, test/, prompts/)", {
      details: ["drop --dir"],
    });
  }
  let agentDir = "";
  if (!created) {
    agentDir = flags.dir !== undefined ? parseAgentDir(flags.dir, root) : (manifest?.agentDir ?? defaultAgentDir(root));
    if (manifest?.agentDir && manifest.agentDir !== agentDir) {
      throw new UserError(`this project's agent is in ${manifest.agentDir}/ (12-factor-agent.json), not ${agentDir}/`, {
        details: [`drop --dir, or pass --dir ${manifest.agentDir}`],
      });
    }
    checkAgentDir(root, agentDir, manifest);
  }

  const shape = created ? undefined : detectProjectShape(root, packageJson.json, agentDir);
  const decision = shape ? decideLayout(root, agentDir, shape, packageJson.json.scripts ?? {}) : undefined;
  const layout = created ? CREATED_LAYOUT : manifest?.agentDir ? layoutOf(manifest) : decision!.layout;
  const { provider, model } = await chooseProvider(manifest, flags, context);
  const { detectProjectPackageManager } = await import("../../detect/lockfile.ts");
  const pm = shape?.packageManager.name ?? detectProjectPackageManager(root).name;

  const plan = planAdd({
    root,
    packageJsonText: packageJson.text,
    manifest,
    layout,
    requested,
    provider,
    model,
    name: packageJson.json.name ?? basename(root),
    framework: shape?.framework,
    declared: shape?.declared ?? {},
    hostTypechecks: decision?.hostTypechecks ?? true,
    tsconfigEdits: decision?.tsconfigEdits ?? [],
    extraDevDependencies: (decision?.extraDevDependencies ?? []).filter((name) => name !== "tsx" || layout.runner === "tsx"),
  });
  if (decision) plan.notices.push(...decision.notices);
  const setup: Setup = { root, manifest, layout, decision, shape, provider, model, pm };
  return { setup, plan, requested };
}

function moduleList(plan: AddPlan, requestedIds: Set<string>): string {
  return plan.modules
    .filter((module) => requestedIds.has(module.id) || plan.added.includes(module))
    .map((module) => (requestedIds.has(module.id) ? module.id : `${module.id} ${dim(`(needed by ${plan.modules.filter((m) => m.requires.includes(module.id) && requestedIds.has(m.id)).map((m) => m.id).join(", ") || "the others"})`)}`))
    .join(", ");
}

function summary(setup: Setup, plan: AddPlan, requestedIds: Set<string>): string {
  const where = relative(process.cwd(), setup.root) || ".";
  const lines = [`${bold("add")} ${moduleList(plan, requestedIds)} ${dim("->")} ${where}`];
  if (setup.decision && setup.shape) {
    const facts: [string, string][] = [...setup.decision.facts];
    if (setup.shape.framework && plan.modules.some((m) => m.id === "http-api")) facts.push([`HTTP: ${setup.shape.framework}`, "an adapter to mount the agent's API in your app (printed below)"]);
    facts.push([`packages: ${setup.shape.packageManager.name}`, dim(setup.shape.packageManager.evidence)]);
    facts.push(["folder", `${setup.layout.agentDir}/`]);
    for (const [seen, done] of facts) lines.push(`  ${seen.padEnd(28)} ${dim("->")} ${done}`);
  } else {
    lines.push(`  ${"a project made by create".padEnd(28)} ${dim("->")} files go where create puts them`);
  }
  return lines.join("\n");
}

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

function printMount(mount: MountInstructions | undefined): void {
  if (!mount) return;
  console.log(`\nTo serve the agent's API under /agent, add two lines to ${bold(mount.file)}${mount.found ? "" : dim(" (or the file that creates your app)")}:`);
  for (const line of mount.lines) console.log(`  ${cyan(line)}`);
  if (mount.note) console.log(dim(`  (${mount.note})`));
}

function nextSteps(setup: Setup, plan: AddPlan): string[] {
  const script = (name: string) => plan.scripts.find((s) => s.name === name || s.name === `agent:${name}`)?.name;
  const run = (name: string | undefined, args = "") => (name ? runScript(setup.pm, name, args) : undefined);
  const keys = setup.provider.env.filter((v) => !v.optional).map((v) => v.name);
  const steps = [
    `${setup.pm} install`,
    keys.length > 0 ? `${keys.join(", ")} in .env ${dim("(see .env.example)")}` : undefined,
    run(script("dev"), '"multiply 3 and 4"') && `${run(script("dev"), '"multiply 3 and 4"')}   ${dim("# the agent in your terminal")}`,
    run(script("start")) && `${run(script("start"))}   ${dim("# the agent's API on its own, 127.0.0.1:3000")}`,
    setup.decision?.testsRunWithHost
      ? `${runScript(setup.pm, "test")}   ${dim("# your tests and the agent's")}`
      : run(script("test")) && `${run(script("test"))}   ${dim("# the agent's tests")}`,
    setup.layout.ownTsconfig && run(script("typecheck")) ? `${run(script("typecheck"))}   ${dim("# typecheck the agent's folder")}` : undefined,
    setup.layout.ownTsconfig
      ? `${setup.shape?.moduleType === "module" ? `const { advance } = await import("./${setup.layout.agentDir}/loop.ts")` : `const { advance } = require("./${setup.layout.agentDir}/loop.ts")`}   ${dim("# from your JavaScript (Node >= 22.18 runs the .ts as it is)")}`
      : undefined,
  ];
  return steps.filter((step): step is string => Boolean(step));
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

  console.log(`\n${formatPlan(plan, { diffs: Boolean(flags.dryRun) || conflicts.length > 0 })}`);
  if (!flags.dryRun && conflicts.length === 0) {
    // Shared files are always shown as diffs: they are the user's.
    const shared = plan.operations.filter((op) => op.kind === "update");
    if (shared.length > 0) console.log(`\n${formatPlan({ ...plan, operations: shared, notices: [] }, { diffs: true })}`);
  }
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
