import { posix } from "node:path";
import { MANIFEST_FILE } from "../../engine/manifest.ts";
import { importSpecifier } from "../../engine/layout.ts";
import { planFiles, type Plan } from "../../engine/plan.ts";
import { registerTool } from "../../engine/register-tool.ts";
import { deriveNames, type DerivedNames } from "../../naming.ts";
import { UserError } from "../../ui/errors.ts";
import { importedNames, inventoryTools } from "./inventory.ts";
import { manifestWithHashes } from "./manifest-hashes.ts";
import type { AgentProject } from "./project.ts";
import { renderGeneratorFile } from "./render.ts";

export interface ToolOptions {
  name: string;
  approval?: boolean;
  description?: string;
}

export interface GeneratedPlan {
  plan: Plan;
  /** One line: what is being generated. */
  summary: string;
  nextSteps: string[];
}

/** Tool names other modules own: generating them would clash the day the module is added. */
const RESERVED_TOOLS: Record<string, string> = {
  done_for_now: "the core tool that ends a thread with the final answer",
  request_more_information: "the human-contact tool that asks the user a question",
};

/** Identifiers the generated files and the registry use themselves; an export by that name would shadow them. */
const TEMPLATE_IDENTIFIERS = [
  "z", "defineTool", "tools", "describe", "expect", "it", "advance", "newThread", "statusOf",
  "scriptedModel", "exampleInput", "runAgent",
];

function refuse(message: string, details: string[] = []): UserError {
  return new UserError(`cannot generate tool: ${message}`, { exitCode: 2, details });
}

function checkName(name: string): DerivedNames {
  const derived = deriveNames(name);
  if (!derived.ok) throw refuse(derived.reason);
  const names = derived.names;
  const reserved = RESERVED_TOOLS[names.snake];
  if (reserved) throw refuse(`${names.snake} is reserved: it is ${reserved}`);
  if (TEMPLATE_IDENTIFIERS.includes(names.camel)) {
    throw refuse(`${names.camel} is a name the tool, its test or the registry already use: add a word, e.g. ${names.camel}-record`);
  }
  return names;
}

export function planTool(project: AgentProject, options: ToolOptions): GeneratedPlan {
  const { tree, paths } = project;
  const registryPath = paths.registry;
  const names = checkName(options.name);
  const description = options.description?.trim();
  if (options.description !== undefined && !description) throw refuse("--description is empty: say what the tool does, or leave the flag out");

  const toolsDir = posix.dirname(registryPath);
  const toolPath = posix.join(toolsDir, `${names.kebab}.ts`);
  const testPath = posix.join(paths.testDir, "tools", `${names.kebab}${paths.testSuffix}`);
  // Relative imports spelled the way this project's compiler resolves them (`.ts`, `.js`, none).
  const importPath = (fromFile: string, toFile: string) => importSpecifier(fromFile, toFile, paths.imports);
  for (const path of [toolPath, testPath]) {
    if (tree.exists(path)) throw refuse(`${path} exists already`, ["choose another name, or delete the file if it is an old draft"]);
  }
  const inventory = inventoryTools(tree, toolsDir);
  const sameName = inventory.toolNames.get(names.snake);
  if (sameName) throw refuse(`a tool named ${names.snake} exists already (${sameName})`);
  const sameExport = inventory.exports.get(names.camel);
  if (sameExport) throw refuse(`${names.camel} is exported already by ${sameExport}`);
  if (project.registry !== undefined && importedNames(project.registry).includes(names.camel)) {
    throw refuse(`${registryPath} imports a ${names.camel} already`);
  }
  const typesPath = paths.toolTypes;
  if (!tree.exists(typesPath)) {
    throw new UserError(`cannot generate tool: ${typesPath} (defineTool) is missing`, {
      exitCode: 1,
      details: ["it comes with the agent core: npx create-12-factor-agent add core"],
    });
  }

  // Register first: when the registry cannot take the tool, nothing is written at all.
  const registration = { exportName: names.camel, from: importPath(registryPath, toolPath) };
  const registered = project.registry === undefined
    ? { ok: false as const, reason: "the file does not exist" }
    : registerTool(project.registry, registration);
  if (!registered.ok) {
    throw new UserError(`cannot register ${names.snake} in ${registryPath}: ${registered.reason}; nothing was written`, {
      exitCode: 1,
      details: [
        `${registryPath} must hold \`export const tools = [...]\`: put it back in that shape and run this again,`,
        `or write ${toolPath} yourself, shaped like the other tools in ${toolsDir}/, and register it with these lines:`,
        `  import { ${names.camel} } from "${registration.from}";`,
        `  ${names.camel}, // in the tools array`,
      ],
    });
  }

  const loopFiles = { loop: paths.loop, thread: paths.thread, memoryStore: paths.memoryStore, scriptedModel: paths.scriptedModel };
  const missing = Object.values(loopFiles).filter((path) => !tree.exists(path));
  if (!inventory.toolNames.has("done_for_now")) missing.push("the done_for_now tool");
  const loop = missing.length === 0;
  const imports = Object.fromEntries(
    Object.entries({ ...loopFiles, tool: toolPath }).map(([key, path]) => [key, importPath(testPath, path)]),
  );
  const sentence = names.words.join(" ");
  const context = {
    ...names,
    sentence,
    approval: Boolean(options.approval),
    approvalTest: Boolean(options.approval) && loop,
    loop,
    toolPath,
    typesImport: importPath(toolPath, typesPath),
    imports,
    descriptionLiteral: JSON.stringify(
      description ?? `${sentence[0]!.toUpperCase()}${sentence.slice(1)}: say what it does, when to use it and what it returns.`,
    ),
  };

  const wanted = new Map<string, string>([
    [toolPath, renderGeneratorFile("tool", "tool.ts.hbs", context)],
    [testPath, renderGeneratorFile("tool", "tool.test.ts.hbs", context)],
    [registryPath, registered.source],
  ]);
  const manifest = manifestWithHashes(project, wanted);
  if (manifest !== undefined) wanted.set(MANIFEST_FILE, manifest);
  const plan: Plan = {
    root: tree.root,
    operations: planFiles(wanted, (path) => tree.read(path), { updatable: new Set([registryPath, MANIFEST_FILE]) }),
    notices: loop ? [] : [`${testPath} checks the schema only: the loop tests need ${missing.join(", ")} (from the agent core)`],
  };
  return {
    plan,
    summary: `tool ${names.snake} (export ${names.camel}${options.approval ? ", runs only once a human approves" : ""})`,
    nextSteps: [
      `${description ? "Fill in" : "Describe the tool and fill in"} execute() in ${toolPath}; change its input schema to what it needs.`,
      `Keep ${testPath} in step with it.`,
    ],
  };
}
