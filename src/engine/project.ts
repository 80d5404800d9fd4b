import { join } from "node:path";
import { CLI_VERSION, TEMPLATES_DIR } from "../paths.ts";
import type { ModuleManifest, ProviderManifest, StoreId } from "../registry/types.ts";
import { providerTemplateDirs } from "../registry/providers.ts";
import { mergeEnvExample } from "./env-file.ts";
import { hashFiles, MANIFEST_FILE, type AgentManifest } from "./manifest.ts";
import { formatJson, newPackageJson } from "./package-json.ts";
import { registerTool } from "./register-tool.ts";
import { renderTemplateDir, type TemplateContext } from "./template-files.ts";

export const TOOL_REGISTRY = "src/tools/index.ts";

/** Files the CLI composes from manifests rather than copies; they are merged, not owned. */
export const SHARED_FILES = new Set(["package.json", ".env.example", MANIFEST_FILE]);

export interface ProjectOptions {
  name: string;
  provider: ProviderManifest;
  model: string;
  store: StoreId;
  modules: readonly ModuleManifest[];
}

export function templateContext(options: ProjectOptions): TemplateContext {
  const ids = new Set(options.modules.map((module) => module.id));
  return {
    name: options.name,
    model: options.model,
    store: options.store,
    provider: { id: options.provider.id, title: options.provider.title, package: options.provider.package },
    has: {
      humanContact: ids.has("human-contact"),
      httpApi: ids.has("http-api"),
      postgresStore: options.store === "postgres",
    },
    modules: options.modules.map((module) => ({ id: module.id, title: module.title, factors: module.factors.join(", ") })),
  };
}

/** Every file of a new project, in memory: path -> content. */
export function renderProject(options: ProjectOptions): Map<string, string> {
  const context = templateContext(options);
  const files = new Map<string, string>();
  for (const module of options.modules) renderTemplateDir(join(TEMPLATES_DIR, "modules", module.id), context, files);
  for (const dir of providerTemplateDirs(options.provider)) renderTemplateDir(join(TEMPLATES_DIR, dir), context, files);

  for (const registration of options.modules.flatMap((module) => module.registers)) {
    const result = registerTool(files.get(TOOL_REGISTRY) ?? "", registration);
    if (!result.ok) throw new Error(`template bug: cannot register ${registration.exportName}: ${result.reason}`);
    files.set(TOOL_REGISTRY, result.source);
  }

  files.set("package.json", formatJson(newPackageJson(options.name, options.modules, options.provider)));
  files.set(
    ".env.example",
    mergeEnvExample("", [
      { title: options.provider.title, vars: options.provider.env },
      ...options.modules.map((module) => ({ title: module.title, vars: module.env })),
    ]),
  );
  const manifest: AgentManifest = {
    cliVersion: CLI_VERSION,
    provider: options.provider.id,
    model: options.model,
    store: options.store,
    modules: options.modules.map((module) => module.id),
    files: hashFiles(files, SHARED_FILES),
  };
  files.set(MANIFEST_FILE, formatJson(manifest));
  return files;
}
