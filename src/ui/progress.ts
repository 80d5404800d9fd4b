import { dim, red } from "./style.ts";

// Output for long-running commands: clack's framed style in a terminal, plain lines otherwise
// (logs and CI get no control characters).
const fancy = () => Boolean(process.stdout.isTTY);

/** Run a long step with a spinner in a terminal, one plain line otherwise. */
export async function runStep<T>(title: string, work: () => Promise<T>): Promise<T> {
  if (!fancy()) {
    console.log(`${title}...`);
    return work();
  }
  const { spinner } = await import("@clack/prompts");
  const spin = spinner();
  spin.start(title);
  const started = Date.now();
  try {
    const result = await work();
    spin.stop(`${title} ${dim(`${((Date.now() - started) / 1000).toFixed(1)}s`)}`);
    return result;
  } catch (error) {
    spin.stop(red(`${title} failed`));
    throw error;
  }
}

/** A finished step worth one line. */
export async function success(message: string): Promise<void> {
  if (!fancy()) return void console.log(message);
  (await import("@clack/prompts")).log.success(message);
}

/** The last words of a command. */
export async function finish(message: string): Promise<void> {
  if (!fancy()) return void console.log(`\n${message}`);
  (await import("@clack/prompts")).outro(message);
}
