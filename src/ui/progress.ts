import { dim, green, red } from "./style.ts";

/**
 * Run a long step with feedback: a spinner in a terminal, one plain line otherwise
 * (logs and CI get no control characters).
 */
export async function runStep<T>(title: string, work: () => Promise<T>): Promise<T> {
  if (!process.stdout.isTTY) {
    console.log(`${title}...`);
    return work();
  }
  const { spinner } = await import("@clack/prompts");
  const spin = spinner();
  spin.start(title);
  const started = Date.now();
  try {
    const result = await work();
    spin.stop(`${green("✓")} ${title} ${dim(`${((Date.now() - started) / 1000).toFixed(1)}s`)}`);
    return result;
  } catch (error) {
    spin.stop(`${red("✗")} ${title}`);
    throw error;
  }
}
