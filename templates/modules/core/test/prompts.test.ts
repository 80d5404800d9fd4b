import { describe, expect, it } from "vitest";
import { buildInstructions } from "../src/agent/context.ts";
import { fillTemplate, renderPrompt } from "../src/agent/prompts.ts";
import { add } from "../src/tools/add.ts";
import { divide } from "../src/tools/divide.ts";
import { doneForNow } from "../src/tools/done-for-now.ts";
import { tools } from "../src/tools/index.ts";
import { multiply } from "../src/tools/multiply.ts";
import { subtract } from "../src/tools/subtract.ts";

describe("prompts", () => {
  // Pinned on purpose: any change to prompts/system.md or to how tools are listed
  // shows up here in review. Update with `npx vitest run -u` when the change is intended.
  it("renders the system prompt", () => {
    expect(buildInstructions([add, subtract, multiply, divide, doneForNow])).toMatchInlineSnapshot(`
      "You are a careful assistant. You complete the user's request by choosing one tool at a time;
      the program around you runs the tool and shows you what happened.

      ## How to work

      - Call exactly one tool on every turn. Nobody reads plain text answers: to talk to the user, use a tool.
      - Work one step at a time and use each tool's result; never guess a value a tool can compute.
      - When a tool returns an error, read it, fix the call and try again, or choose another way.
      - When the user denies an operation, follow their feedback; do not repeat the same call.
      - Tools marked "asks a human" pause until a person answers. Use them when the request is
        ambiguous or something only a person knows is missing, never to report progress.
      - When the request is complete, call the tool marked "finishes" with the final answer for the user.

      ## Tools

      - add: Add two numbers.
      - subtract: Subtract b from a.
      - multiply: Multiply two numbers.
      - divide: Divide a by b. (runs only once the user approves; they may deny it with feedback)
      - done_for_now: Finish and give the user your final answer. (finishes)

      The conversation so far follows in the user's message, oldest event first.
      "
    `);
  });

  it("lists every tool in the registry, whatever modules are installed", () => {
    const instructions = buildInstructions(tools);
    for (const tool of tools) expect(instructions).toContain(`- ${tool.name}: ${tool.description}`);
    expect(instructions).not.toMatch(/\{\{|\}\}/);
  });

  it("fills placeholders, spaces allowed", () => {
    expect(fillTemplate("Hello {{ name }}, {{name}}!", { name: "Ada" })).toBe("Hello Ada, Ada!");
  });

  it("names the placeholder that has no value", () => {
    expect(() => fillTemplate("{{greeting}} {{name}}", { name: "Ada" }, "prompts/hello.md")).toThrow(
      "prompts/hello.md uses {{greeting}} but no value was given for it",
    );
    // @ts-expect-error: the compiler catches the missing variable too (src/agent/prompt-variables.ts)
    expect(() => renderPrompt("system", {})).toThrow("prompts/system.md uses {{tools}}");
  });

  it("says which file to create for an unknown prompt, and refuses paths", () => {
    expect(() => renderPrompt("nope", {})).toThrow("create prompts/nope.md");
    expect(() => renderPrompt("../package", {})).toThrow(/is invalid/);
  });
});
