import { relative } from "node:path";
import { runScript } from "../../detect/package-manager.ts";
import { bold, cyan, dim } from "../../ui/style.ts";
import type { MountInstructions } from "./mount.ts";
import type { AddPlan } from "./plan.ts";
import type { Setup } from "./setup.ts";

// What add tells the user: what it saw and what follows from it, how to mount the API, what to type next.

function moduleList(plan: AddPlan, requestedIds: Set<string>): string {
  return plan.modules
    .filter((module) => requestedIds.has(module.id) || plan.added.includes(module))
    .map((module) => (requestedIds.has(module.id) ? module.id : `${module.id} ${dim(`(needed by ${plan.modules.filter((m) => m.requires.includes(module.id) && requestedIds.has(m.id)).map((m) => m.id).join(", ") || "the others"})`)}`))
    .join(", ");
}

export function summary(setup: Setup, plan: AddPlan, requestedIds: Set<string>): string {
  const where = relative(process.cwd(), setup.root) || ".";
  const lines = [`${bold("add")} ${moduleList(plan, requestedIds)} ${dim("->")} ${where}`];
  if (setup.decision && setup.shape) {
    const facts: [string, string][] = [...setup.decision.facts];
    if (setup.shape.framework && plan.modules.some((m) => m.id === "http-api")) facts.push([`HTTP: ${setup.shape.framework}`, "an adapter to mount the agent's API in your app (printed below)"]);
    facts.push([`packages: ${setup.shape.packageManager.name}`, dim(setup.shape.packageManager.evidence)]);
    facts.push(["folder", `${setup.layout.agentDir}/`]);
    for (const [seen, done] of facts) lines.push(`  ${seen.padEnd(28)} ${dim("->")} ${done}`);
  } else {
    lines.push(`  ${"a project made by create".padEnd(28)} ${dim("->")} files go where create puts them`);
  }
  return lines.join("\n");
}

export function printMount(mount: MountInstructions | undefined): void {
  if (!mount) return;
  console.log(`\nTo serve the agent's API under /agent, add two lines to ${bold(mount.file)}${mount.found ? "" : dim(" (or the file that creates your app)")}:`);
  for (const line of mount.lines) console.log(`  ${cyan(line)}`);
  if (mount.note) console.log(dim(`  (${mount.note})`));
}

export function nextSteps(setup: Setup, plan: AddPlan): string[] {
  const script = (name: string) => plan.scripts.find((s) => s.name === name || s.name === `agent:${name}`)?.name;
  const run = (name: string | undefined, args = "") => (name ? runScript(setup.pm, name, args) : undefined);
  // The provider's keys, and what the new modules cannot run without (DATABASE_URL for postgres-store).
  const required = [setup.provider.env, ...plan.added.map((module) => module.env)].flat().filter((v) => !v.optional);
  const keys = [...new Set(required.map((v) => v.name))];
  const composeFile = plan.operations.find((op) => op.kind === "create" && op.path.endsWith("docker-compose.yml"))?.path;
  const steps = [
    `${setup.pm} install`,
    keys.length > 0 ? `${keys.join(", ")} in .env ${dim("(see .env.example)")}` : undefined,
    composeFile &&
      `docker compose ${composeFile === "docker-compose.yml" ? "" : `-f ${composeFile} `}up -d   ${dim("# a PostgreSQL that matches .env.example, or use your own")}`,
    run(script("dev"), '"multiply 3 and 4"') && `${run(script("dev"), '"multiply 3 and 4"')}   ${dim("# the agent in your terminal")}`,
    run(script("start")) && `${run(script("start"))}   ${dim("# the agent's API on its own, 127.0.0.1:3000")}`,
    run(script("worker")) && `${run(script("worker"))}   ${dim("# advances queued threads; run as many as you like")}`,
    setup.decision?.testsRunWithHost
      ? `${runScript(setup.pm, "test")}   ${dim("# your tests and the agent's")}`
      : run(script("test")) && `${run(script("test"))}   ${dim("# the agent's tests")}`,
    setup.layout.ownTsconfig && run(script("typecheck")) ? `${run(script("typecheck"))}   ${dim("# typecheck the agent's folder")}` : undefined,
    setup.layout.ownTsconfig
      ? `${setup.shape?.moduleType === "module" ? `const { advance } = await import("./${setup.layout.agentDir}/loop.ts")` : `const { advance } = require("./${setup.layout.agentDir}/loop.ts")`}   ${dim("# from your JavaScript (Node >= 22.18 runs the .ts as it is)")}`
      : undefined,
  ];
  return steps.filter((step): step is string => Boolean(step));
}

