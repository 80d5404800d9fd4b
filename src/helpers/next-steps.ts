import { runScript } from "../detect/package-manager.ts";
import type { CreateAnswers } from "../commands/create/options.ts";
import { bold, cyan } from "../ui/style.ts";

/** What to type next, in the user's package manager's words. */
export function nextSteps(answers: CreateAnswers, where: string): string {
  const pm = answers.pm;
  const hasServer = answers.modules.some((module) => module.id === "http-api");
  const postgres = answers.store === "postgres";
  const steps = [
    where === "." ? undefined : `cd ${where}`,
    answers.install ? undefined : `${pm} install`,
    "cp .env.example .env   # then fill in your key",
    postgres ? "docker compose up -d   # a PostgreSQL that matches .env.example, or point DATABASE_URL at yours" : undefined,
    `${runScript(pm, "dev", '"multiply 3 and 4, then divide by 2"')}   # the agent in your terminal`,
    hasServer ? `${runScript(pm, "start")}   # the HTTP API on 127.0.0.1:3000` : undefined,
    postgres ? `${runScript(pm, "worker")}   # advances queued threads; run as many as you like` : undefined,
    postgres
      ? `${runScript(pm, "test")}   # no keys needed; the store tests use DATABASE_URL`
      : `${runScript(pm, "test")}   # offline, no keys needed`,
  ].filter(Boolean);
  return `Next steps:\n\n${steps.map((step) => `  ${cyan(step!)}`).join("\n")}\n\n${bold("README.md")} walks through the factors${hasServer ? " and the HTTP API" : ""}.`;
}
