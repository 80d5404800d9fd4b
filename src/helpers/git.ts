import { execa } from "execa";

export type GitResult = { done: "committed" } | { done: "skipped"; why: string } | { done: "initialised"; why: string };

async function git(dir: string, args: string[]) {
  return execa("git", args, { cwd: dir, reject: false, stdin: "ignore" });
}

/** `git init` and a first commit, unless git is missing or the directory is inside a work tree already. */
export async function initGit(dir: string): Promise<GitResult> {
  const version = await git(dir, ["--version"]).catch(() => undefined);
  if (!version || version.exitCode !== 0) return { done: "skipped", why: "git is not installed" };
  const inside = await git(dir, ["rev-parse", "--is-inside-work-tree"]);
  if (inside.exitCode === 0 && inside.stdout.trim() === "true") {
    return { done: "skipped", why: "the directory is inside a git repository already" };
  }
  const init = await git(dir, ["init", "-q"]);
  if (init.exitCode !== 0) return { done: "skipped", why: `git init failed: ${init.stderr.trim()}` };
  await git(dir, ["add", "-A"]);
  const commit = await git(dir, ["commit", "-q", "-m", "Initial commit from create-12-factor-agent"]);
  if (commit.exitCode !== 0) {
    const reason = /user\.(email|name)|identity/i.test(commit.stderr) ? "git has no user.name/user.email" : commit.stderr.trim();
    return { done: "initialised", why: `files are staged but not committed (${reason})` };
  }
  return { done: "committed" };
}
