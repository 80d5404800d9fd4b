import { createTwoFilesPatch } from "diff";
import { cyan, dim, green, red, yellow } from "../ui/style.ts";
import type { FileOperation, Plan } from "./plan.ts";

const LABELS: Record<FileOperation["kind"], string> = {
  create: green("create  "),
  update: yellow("update  "),
  skip: dim("skip    "),
  conflict: red("conflict"),
};

export function unifiedDiff(path: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, "", "", { context: 3 })
    .split("\n")
    .slice(1) // drop the "====" separator line
    .map((line) =>
      line.startsWith("+") && !line.startsWith("+++") ? green(line) : line.startsWith("-") && !line.startsWith("---") ? red(line) : line.startsWith("@@") ? cyan(line) : line,
    )
    .join("\n");
}

/** Every operation, one line each, with a diff under each update and conflict. */
export function formatPlan(plan: Plan, options: { diffs: boolean }): string {
  const lines: string[] = [];
  for (const op of plan.operations) {
    const note = op.kind === "skip" ? dim(" (identical)") : op.kind === "conflict" ? red(" (exists with other content)") : "";
    lines.push(`  ${LABELS[op.kind]} ${op.path}${note}`);
    if (options.diffs && (op.kind === "update" || op.kind === "conflict")) {
      lines.push(unifiedDiff(op.path, op.previous, op.content).replace(/^/gm, "      "));
    }
  }
  for (const notice of plan.notices) lines.push(`  ${yellow("note")}     ${notice}`);
  return lines.join("\n");
}
