import { basename } from "node:path";
import { defaultAgentDir, detectProjectShape, type ProjectShape } from "../../detect/project.ts";
import { detectProjectPackageManager } from "../../detect/lockfile.ts";
import type { PackageManager } from "../../detect/package-manager.ts";
import { CREATED_LAYOUT, layoutOf, type AgentLayout } from "../../engine/layout.ts";
import type { AgentManifest } from "../../engine/manifest.ts";
import { findProvider } from "../../registry/providers.ts";
import type { ProviderManifest } from "../../registry/types.ts";
import { CancelledError, UserError } from "../../ui/errors.ts";
import { decideLayout, type LayoutDecision } from "./choose-layout.ts";
import { parseAgentDir, parseProviderFlag, parseRequestedModules, resolveProjectRoot, type AddFlags } from "./options.ts";
import { planAdd } from "./plan.ts";
import { checkAgentDir, readHostPackageJson, readManifest } from "./preflight.ts";

// From the command line to a plan: preflight, detection, the layout, the provider. Nothing is written.

export interface AddContext {
  /** True when we may ask questions: a TTY on both ends and neither --yes nor CI. */
  interactive: boolean;
}

export interface Setup {
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

export async function setUp(moduleIds: string[], flags: AddFlags, context: AddContext) {
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
    // The layout a manifest recorded wins over today's detection: tsx only if it runs entry points.
    extraDevDependencies: (decision?.extraDevDependencies ?? []).filter((name) => name !== "tsx" || layout.runner === "tsx"),
  });
  if (decision) plan.notices.push(...decision.notices);
  const setup: Setup = { root, manifest, layout, decision, shape, provider, model, pm };
  return { setup, plan, requested };
}

