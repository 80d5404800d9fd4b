import { Command, CommanderError, Option } from "commander";
import { PACKAGE_MANAGERS } from "./detect/package-manager.ts";
import { CLI_VERSION } from "./paths.ts";
import { MODULE_IDS } from "./registry/modules.ts";
import { PROVIDER_IDS } from "./registry/providers.ts";
import { CancelledError, UserError } from "./ui/errors.ts";
import { dim, red } from "./ui/style.ts";

// Command implementations are imported when they run, so `--help` loads only this file.

function isCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}

/** Questions only when a person can answer them. */
export function canPrompt(yes: boolean | undefined): boolean {
  return !yes && !isCI() && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
}

function buildProgram(): Command {
  const program = new Command("create-12-factor-agent")
    .description("Scaffold an LLM agent that is real software: HumanLayer's 12-Factor Agents as TypeScript you own.")
    .version(CLI_VERSION, "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(red(text)) });

  const create = program
    .command("create [directory]", { isDefault: true })
    .description("create a new agent project in <directory> (the default command)")
    .addOption(new Option("--provider <id>", "LLM provider").choices(PROVIDER_IDS))
    .option("--model <id>", "model id (default: the provider's)")
    .option("--modules <list>", `comma-separated factor modules (${MODULE_IDS.join(", ")}; default: all)`)
    .option("--store <id>", "where threads live: file")
    .addOption(new Option("--pm <name>", "package manager (default: the one that ran this)").choices(PACKAGE_MANAGERS))
    .option("--no-install", "skip installing dependencies")
    .option("--no-git", "skip git init and the first commit")
    .option("-y, --yes", "ask nothing: use flags and defaults (implied by CI=true or a non-TTY stdin)")
    .option("--dry-run", "print every file it would write, write nothing")
    .option("--force", "write into a non-empty directory (lists what it overwrites, deletes nothing)")
    .option("--verbose", "show the package manager's output")
    .addHelpText(
      "after",
      `\nExamples:\n  $ npx create-12-factor-agent my-agent\n  $ npx create-12-factor-agent my-agent --provider anthropic --modules core,http-api --yes\n  $ npm create 12-factor-agent@latest my-agent -- --dry-run`,
    )
    .action(async (directory: string | undefined, flags) => {
      // Commander fills --no-x defaults in; a question is skipped only for a flag the user typed.
      const given = (name: string) => create.getOptionValueSource(name) === "cli";
      const { create: run } = await import("./commands/create/index.ts");
      process.exitCode = await run(
        directory,
        { ...flags, install: given("install") ? flags.install : undefined, git: flags.git },
        { interactive: canPrompt(flags.yes) },
      );
    });

  program
    .command("list")
    .description("list the factor modules and the factors each implements")
    .option("--json", "machine-readable output (stable)")
    .addHelpText("after", "\nExample:\n  $ npx create-12-factor-agent list --json")
    .action(async (flags: { json?: boolean }) => {
      const { list } = await import("./commands/list.ts");
      process.exitCode = await list(flags);
    });

  program
    .command("add")
    .argument("<module...>", `factor modules to add (${MODULE_IDS.join(", ")}); the ones they need come too`)
    .description("add factor modules to a repository that already exists (an agent folder, shared files merged)")
    .option("--cwd <dir>", "the project directory (default: the current one)")
    .option("--dir <path>", "the folder the agent goes in (default: src/agent, or agent without src/)")
    .addOption(new Option("--provider <id>", "LLM provider, when core is added (default: openai)").choices(PROVIDER_IDS))
    .option("--model <id>", "model id, when core is added (default: the provider's)")
    .option("--dry-run", "print every file it would create and every change as a diff, write nothing")
    .option("--force", "overwrite files that exist with other content (they are listed first)")
    .option("-y, --yes", "ask nothing (implied by CI=true or a non-TTY stdin)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ npx create-12-factor-agent add core --dry-run\n  $ npx create-12-factor-agent add http-api --dir src/support-agent\n  $ npx create-12-factor-agent add human-contact --cwd packages/api",
    )
    .action(async (modules: string[], flags) => {
      const { add } = await import("./commands/add/index.ts");
      process.exitCode = await add(modules, flags, { interactive: canPrompt(flags.yes) });
    });

  const generate = program
    .command("generate")
    .alias("g")
    .description("add a tool or a prompt to this project: registered, typed and tested")
    .addHelpText("after", "\nExamples:\n  $ npx create-12-factor-agent generate tool refund-order --approval --description \"Refund an order\"\n  $ npx create-12-factor-agent g prompt triage --dry-run");
  generate
    .command("tool <name>")
    .description("a tool (src/tools/<name>.ts), registered in src/tools/index.ts, with its test")
    .option("--approval", "a human approves each call before it runs")
    .option("--description <text>", "what the tool does, as the model reads it")
    .option("--cwd <dir>", "the project directory (default: the current one)")
    .option("--dry-run", "print the files and the registry diff, write nothing")
    .action(async (name: string, flags) => {
      const { generateTool } = await import("./commands/generate/index.ts");
      process.exitCode = await generateTool(name, flags);
    });
  generate
    .command("prompt <name>")
    .description("a prompt (prompts/<name>.md) with typed variables for renderPrompt(), and its test")
    .option("--cwd <dir>", "the project directory (default: the current one)")
    .option("--dry-run", "print the files and the diff, write nothing")
    .action(async (name: string, flags) => {
      const { generatePrompt } = await import("./commands/generate/index.ts");
      process.exitCode = await generatePrompt(name, flags);
    });

  program.addHelpText(
    "after",
    `\nExamples:\n  $ npx create-12-factor-agent my-agent               create a project (asks what it needs)\n  $ npx create-12-factor-agent my-agent --yes         create with defaults, ask nothing\n  $ npx create-12-factor-agent g tool refund-order     add a tool to this project\n  $ npx create-12-factor-agent list                   show modules and factors`,
  );
  return program;
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are not errors; everything else commander rejects is bad usage,
    // including help shown because a subcommand is missing (`generate` alone: exitCode 1).
    if (error.code === "commander.help") return error.exitCode === 0 ? 0 : 2;
    return error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : 2;
  }
  if (error instanceof UserError) {
    console.error(red(`error: ${error.message}`));
    for (const detail of error.details) console.error(`  ${detail}`);
    return error.exitCode;
  }
  if (error instanceof CancelledError) {
    console.error(dim(error.message));
    return 130;
  }
  console.error(red(`unexpected error: ${(error as Error)?.message ?? error}`));
  console.error(dim((error as Error)?.stack ?? ""));
  console.error("This is a bug in create-12-factor-agent; please report it with the lines above.");
  return 1;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = report(error);
  }
}

await main();
