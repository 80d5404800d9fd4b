import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TEMPLATES_DIR } from "../../paths.ts";
import type { HttpFramework } from "../../detect/http-framework.ts";
import { formatJson } from "../../engine/package-json.ts";
import { isCreatedLayout, mapTemplatePath, type AgentLayout } from "../../engine/layout.ts";
import { renderProject, SHARED_FILES, templateContext, type ProjectOptions } from "../../engine/project.ts";
import { isRelocatable, relocateSource } from "../../engine/relocate-imports.ts";
import { renderTemplateDir } from "../../engine/template-files.ts";
import { providerTemplateDirs } from "../../registry/providers.ts";
import type { ModuleId } from "../../registry/types.ts";

// Every file the chosen modules consist of, where the layout puts it and as the host must
// spell it, in memory. Nothing here reads the target or writes anything.

export interface AgentFile {
  /** Where it goes, root-relative. */
  path: string;
  content: string;
  /** Its path in the template (how create would name it). */
  templatePath: string;
  /** The module it belongs to (a provider's files belong to core). */
  owner: ModuleId;
}

export interface RenderOptions extends ProjectOptions {
  layout: AgentLayout;
  /** The host's HTTP framework, for the mount adapter (http-api only). */
  framework?: HttpFramework;
  /** Packages the host declares, to leave out tests whose imports it cannot typecheck. */
  declared?: Record<string, string>;
}

const ADD_TEMPLATES = join(TEMPLATES_DIR, "add");

/** Adapters per framework: folders of templates/add/http-api/ to render, in order. */
const ADAPTERS: Record<HttpFramework, string[]> = {
  express: ["shared", "node", "express"],
  fastify: ["shared", "node", "fastify"],
  koa: ["shared", "node", "koa"],
  hono: ["shared", "hono"],
};

/** Tests that import the framework need its types: packages without their own name them here. */
const TYPES_PACKAGE: Partial<Record<HttpFramework, string>> = { express: "@types/express", koa: "@types/koa" };

function owners(options: ProjectOptions): Map<string, ModuleId> {
  const context = templateContext(options);
  const result = new Map<string, ModuleId>();
  for (const module of options.modules) {
    const files = new Map<string, string>();
    renderTemplateDir(join(TEMPLATES_DIR, "modules", module.id), context, files);
    for (const path of files.keys()) result.set(path, module.id);
  }
  const provider = new Map<string, string>();
  for (const dir of providerTemplateDirs(options.provider)) renderTemplateDir(join(TEMPLATES_DIR, dir), context, provider);
  for (const path of provider.keys()) result.set(path, "core");
  return result;
}

/** The template's tsconfig, taking in the whole agent folder: the host is JavaScript, so the folder checks itself. */
function folderTsconfig(): string {
  const template = JSON.parse(readFileSync(join(TEMPLATES_DIR, "modules", "core", "tsconfig.json"), "utf8")) as Record<string, unknown>;
  return formatJson({ ...template, include: ["**/*.ts"] });
}

/** Files only a host gets: the folder's vitest config, its module-type marker and tsconfig, the HTTP adapter. */
function hostOnlyFiles(options: RenderOptions): { templatePath: string; content: string; owner: ModuleId; atFolderRoot?: boolean }[] {
  const { layout } = options;
  const context = {
    ...templateContext(options),
    agentDir: layout.agentDir,
    testInclude: `${layout.tests.dir}/**/*${layout.tests.suffix}`,
  };
  const files: ReturnType<typeof hostOnlyFiles> = [];
  const root = new Map<string, string>();
  renderTemplateDir(join(ADD_TEMPLATES, "agent-root"), context, root);
  files.push({ templatePath: "vitest.config.ts", content: root.get("vitest.config.ts")!, owner: "core", atFolderRoot: true });
  if (layout.moduleScope) files.push({ templatePath: "package.json", content: root.get("package.json")!, owner: "core", atFolderRoot: true });
  if (layout.ownTsconfig) files.push({ templatePath: "tsconfig.json", content: folderTsconfig(), owner: "core", atFolderRoot: true });

  const framework = options.framework;
  if (framework && options.modules.some((module) => module.id === "http-api")) {
    const adapter = new Map<string, string>();
    for (const folder of ADAPTERS[framework]) renderTemplateDir(join(ADD_TEMPLATES, "http-api", folder), context, adapter);
    const typesPackage = TYPES_PACKAGE[framework];
    const canTypecheckTests = !typesPackage || options.declared?.[typesPackage] !== undefined;
    for (const [templatePath, content] of adapter) {
      if (templatePath.startsWith("test/") && !canTypecheckTests) continue;
      files.push({ templatePath, content, owner: "http-api" });
    }
  }
  return files;
}

export interface RenderedAgent {
  /** target path -> file, in create's order (so the manifest lists files as create does). */
  files: Map<string, AgentFile>;
  /** Tests left out, with why. */
  notices: string[];
}

export function renderAgent(options: RenderOptions): RenderedAgent {
  const { layout } = options;
  const rendered = renderProject(options);
  const ownerOf = owners(options);
  const files = new Map<string, AgentFile>();
  const notices: string[] = [];
  const reference = (path: string) => mapTemplatePath(layout, path) ?? path;
  const add = (file: AgentFile) => {
    const clash = files.get(file.path);
    if (clash) throw new Error(`template bug: ${clash.templatePath} and ${file.templatePath} both map to ${file.path}`);
    files.set(file.path, file);
  };
  const place = (templatePath: string, content: string, path: string): string =>
    isCreatedLayout(layout) || !isRelocatable(templatePath)
      ? content
      : relocateSource(content, {
          templatePath,
          targetPath: path,
          mapPath: reference,
          imports: layout.imports,
          ...(layout.runner === "tsx" ? { loader: "tsx" } : {}),
        });

  for (const [templatePath, content] of rendered) {
    if (SHARED_FILES.has(templatePath)) continue;
    const path = mapTemplatePath(layout, templatePath);
    if (path === undefined) continue; // a project-level file: the host has its own
    add({ path, content: place(templatePath, content, path), templatePath, owner: ownerOf.get(templatePath) ?? "core" });
  }
  if (!isCreatedLayout(layout)) {
    for (const file of hostOnlyFiles(options)) {
      const path = file.atFolderRoot ? `${layout.agentDir}/${file.templatePath}` : mapTemplatePath(layout, file.templatePath);
      if (path === undefined) throw new Error(`template bug: ${file.templatePath} has no place in the agent folder`);
      add({ path, content: file.atFolderRoot ? file.content : place(file.templatePath, file.content, path), templatePath: file.templatePath, owner: file.owner });
    }
    const framework = options.framework;
    const typesPackage = framework ? TYPES_PACKAGE[framework] : undefined;
    if (framework && typesPackage && options.declared?.[typesPackage] === undefined && options.modules.some((m) => m.id === "http-api")) {
      notices.push(`no ${typesPackage} in package.json, so the ${framework} mount test was left out (it could not be typechecked)`);
    }
  }
  return { files, notices };
}
