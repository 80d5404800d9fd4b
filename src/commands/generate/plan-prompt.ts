import { posix } from "node:path";
import { MANIFEST_FILE } from "../../engine/manifest.ts";
import { importSpecifier } from "../../engine/layout.ts";
import { planFiles, type Plan } from "../../engine/plan.ts";
import { deriveNames } from "../../naming.ts";
import { UserError } from "../../ui/errors.ts";
import { manifestWithHashes } from "./manifest-hashes.ts";
import type { GeneratedPlan } from "./plan-tool.ts";
import type { AgentProject } from "./project.ts";
import { entryLine, PROMPT_VARIABLES_TYPE, registerPrompt } from "./register-prompt.ts";
import { renderGeneratorFile } from "./render.ts";

/** The placeholders of templates/generators/prompt/prompt.md.hbs, in the order they appear. */
const VARIABLES = ["context", "input"];

function refuse(message: string, details: string[] = []): UserError {
  return new UserError(`cannot generate prompt: ${message}`, { exitCode: 2, details });
}

export function planPrompt(project: AgentProject, options: { name: string }): GeneratedPlan {
  const { tree, paths } = project;
  const { promptVariables, renderPrompt: renderPromptFile } = paths;
  const derived = deriveNames(options.name);
  if (!derived.ok) throw refuse(derived.reason);
  const names = derived.names;
  const promptPath = posix.join(paths.promptsDir, `${names.kebab}.md`);
  const testPath = posix.join(paths.testDir, "prompts", `${names.kebab}${paths.testSuffix}`);
  for (const path of [promptPath, testPath]) {
    if (tree.exists(path)) throw refuse(`${path} exists already`, ["choose another name, or delete the file if it is an old draft"]);
  }

  const entry = { name: names.kebab, variables: VARIABLES, comment: promptPath };
  const manual = (reason: string) =>
    new UserError(`cannot add ${names.kebab} to ${promptVariables}: ${reason}; nothing was written`, {
      exitCode: 1,
      details: [
        `renderPrompt() in ${renderPromptFile} checks variables against \`export interface ${PROMPT_VARIABLES_TYPE} { ... }\` in ${promptVariables};`,
        "put it back in that shape and run this again, or add this member to it by hand:",
        `  ${entryLine(entry)}`,
      ],
    });
  if (!tree.exists(renderPromptFile)) {
    throw new UserError(`cannot generate prompt: ${renderPromptFile} (renderPrompt) is missing`, {
      exitCode: 1,
      details: ["it comes with the agent core: npx create-12-factor-agent add core"],
    });
  }
  const variablesSource = tree.read(promptVariables);
  if (variablesSource === undefined) throw manual("the file does not exist");
  const registered = registerPrompt(variablesSource, entry);
  if (registered.ok === "exists") throw refuse(`${promptVariables} has an entry ${names.kebab} already`);
  if (!registered.ok) throw manual(registered.reason);

  const context = {
    ...names,
    sentence: names.words.join(" "),
    promptFile: promptPath,
    variablesFile: promptVariables,
    imports: { prompts: importSpecifier(testPath, renderPromptFile, paths.imports) },
  };
  const wanted = new Map<string, string>([
    [promptPath, renderGeneratorFile("prompt", "prompt.md.hbs", context)],
    [testPath, renderGeneratorFile("prompt", "prompt.test.ts.hbs", context)],
    [promptVariables, registered.source],
  ]);
  const manifest = manifestWithHashes(project, wanted);
  if (manifest !== undefined) wanted.set(MANIFEST_FILE, manifest);
  const plan: Plan = {
    root: tree.root,
    operations: planFiles(wanted, (path) => tree.read(path), { updatable: new Set([promptVariables, MANIFEST_FILE]) }),
    notices: [],
  };
  const vars = `{ ${VARIABLES.join(", ")} }`;
  return {
    plan,
    summary: `prompt ${names.kebab} (renderPrompt("${names.kebab}", ${vars}))`,
    nextSteps: [
      `Write the task into ${promptPath}. When you add or rename a {{placeholder}} there, change its entry in ${promptVariables} too.`,
      `Use it with renderPrompt("${names.kebab}", ${vars}) from ${renderPromptFile}; ${project.script("typecheck")} checks the variables.`,
    ],
  };
}
