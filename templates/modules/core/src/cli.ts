// Run the agent in the terminal (factor 11):
//   npm run dev -- "multiply 3 and 4"     start a thread
//   npm run dev -- --thread <id>          resume a stored thread
// Approvals and questions are answered here on stdin.
import { parseArgs } from "node:util";
import { compactError } from "./agent/errors.ts";
import { newThread, statusOf, type Thread } from "./agent/thread.ts";
import { converse } from "./human/converse.ts";
import { TerminalChannel } from "./human/terminal-channel.ts";
import { createModel, missingCredentials } from "./llm/provider.ts";
import { createStore } from "./store/index.ts";

const USAGE = 'usage: npm run dev -- "<message>"   or   npm run dev -- --thread <id>';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { thread: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    console.error(`${compactError(error)}\n${USAGE}`);
    return 2;
  }
  const message = args.positionals.join(" ").trim();
  const threadId = args.values.thread;
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (Boolean(message) === Boolean(threadId)) {
    console.error(USAGE);
    return 2;
  }

  const store = await createStore().catch((error: unknown) => {
    console.error(`cannot open the thread store: ${compactError(error)}`);
    return undefined;
  });
  if (!store) return 1;
  const terminal = new TerminalChannel();
  try {
    let thread: Thread | undefined;
    if (threadId) {
      thread = await store.get(threadId);
      if (!thread) {
        console.error(`no thread ${threadId} in ${process.env.AGENT_DATA_DIR || ".data"}`);
        return 1;
      }
    }
    const missing = missingCredentials();
    if (missing.length > 0) {
      console.error(`Set ${missing.join(" and ")} in .env (see .env.example) to run the agent.`);
      return 1;
    }

    if (thread) thread.events.forEach((e) => terminal.show(e));
    else thread = await store.create(newThread(message));
    console.log(`thread ${thread.id}`);
    // Every event is already stored, so stopping here loses nothing.
    const resumeHint = `resume with: npm run dev -- --thread ${thread.id}`;
    process.once("SIGINT", () => {
      console.log(`\ninterrupted; ${resumeHint}`);
      process.exit(130);
    });

    thread = await converse(thread, { model: createModel(), store, onEvent: (e) => terminal.show(e) }, terminal);
    const status = statusOf(thread.events);
    if (status === "awaiting_approval" || status === "awaiting_human") {
      console.log(`\npaused; ${resumeHint}`);
    }
    return status === "failed" ? 1 : 0;
  } finally {
    terminal.close();
    await store.close?.();
  }
}

process.exitCode = await main(process.argv.slice(2));
