import { describe, expect, it } from "vitest";
import { buildContext, serializeEvents } from "../src/agent/context.ts";
import { compactError } from "../src/agent/errors.ts";
import { event, type AgentEvent } from "../src/agent/events.ts";
import { newThread } from "../src/agent/thread.ts";

const now = new Date("2025-01-01T00:00:00.000Z");

describe("context", () => {
  it("serializes the thread in the workshop's readable style", () => {
    const thread = newThread("multiply 3 and 4", now, "t1");
    thread.events.push(
      event("tool_call", { call_id: "c1", tool: "multiply", input: { a: 3, b: 4 } }, now),
      event("tool_result", { call_id: "c1", tool: "multiply", output: 12 }, now),
      event("tool_error", { call_id: "c2", tool: "divide", error: "cannot divide by zero" }, now),
      event("human_request", { call_id: "c3", question: "Which one?", context: "line one\nline two" }, now),
    );
    expect(buildContext(thread)).toBe(`Here is everything that has happened so far, oldest first:

<user_message>
multiply 3 and 4
</user_message>

<tool_call>
call_id: c1
tool: multiply
input: {"a":3,"b":4}
</tool_call>

<tool_result>
call_id: c1
tool: multiply
output: 12
</tool_result>

<tool_error>
call_id: c2
tool: divide
error: cannot divide by zero
</tool_error>

<human_request>
call_id: c3
question: Which one?
context: |
  line one
  line two
</human_request>

What is the next step? Call exactly one tool.
`);
  });

  it("compacts errors to their message on one line, without the stack", () => {
    const error = new Error("connect ECONNREFUSED\n127.0.0.1:443");
    expect(error.stack).toContain("at ");
    expect(compactError(error)).toBe("connect ECONNREFUSED 127.0.0.1:443");
    expect(compactError(new Error("x".repeat(1000)))).toHaveLength(400);
  });

  describe("budget", () => {
    const longOutput = "7".repeat(1_000);
    function longThread(results: number): AgentEvent[] {
      const events: AgentEvent[] = [event("user_message", { message: "add up the ledger" }, now)];
      for (let i = 0; i < results; i++) {
        events.push(event("tool_call", { call_id: `c${i}`, tool: "add", input: { a: i, b: 1 } }, now));
        events.push(event("tool_result", { call_id: `c${i}`, tool: "add", output: `${i}:${longOutput}` }, now));
      }
      return events;
    }

    it("leaves a small thread untouched", () => {
      const events = longThread(2);
      expect(serializeEvents(events, { maxChars: 10_000 })).not.toContain("elided");
    });

    it("elides the oldest tool results first, keeping the user's message and recent events", () => {
      const events = longThread(30);
      const text = serializeEvents(events, { maxChars: 8_000, keepRecent: 4 });

      expect(text.length).toBeLessThanOrEqual(8_000);
      expect(text).toContain("<user_message>\nadd up the ledger\n</user_message>");
      expect(text).toContain("call_id: c0\ntool: add\noutput: (elided, 1002 characters)");
      // The latest two results are in full.
      expect(text).toContain(`output: 29:${longOutput}`);
      expect(text).toContain(`output: 28:${longOutput}`);
      // Calls are kept: the model still knows what it did.
      expect(text).toContain("input: {\"a\":0,\"b\":1}");
    });

    it("drops the oldest events when eliding results is not enough", () => {
      const events = longThread(200);
      const text = serializeEvents(events, { maxChars: 6_000, keepRecent: 2 });

      expect(text.length).toBeLessThanOrEqual(6_000);
      expect(text.startsWith("<user_message>\nadd up the ledger\n</user_message>")).toBe(true);
      expect(text).toMatch(/<elided>\n\d+ earlier events left out to keep the context small\n<\/elided>/);
      expect(text).toContain(`output: 199:${longOutput}`);
    });
  });
});
