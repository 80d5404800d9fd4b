import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it, onTestFinished } from "vitest";
import { z } from "zod";
import { buildInstructions, renderEvent } from "../../src/agent/context.ts";
import type { AgentEvent } from "../../src/agent/events.ts";
import { advance, type AgentDeps } from "../../src/agent/loop.ts";
import { newThread, type Thread } from "../../src/agent/thread.ts";
import { createModel, DEFAULT_MODEL_ID } from "../../src/llm/provider.ts";
import { MemoryThreadStore } from "../../src/store/memory-store.ts";
import { tools } from "../../src/tools/index.ts";

// What every provider must do on the wire: the real provider package, configured by
// createModel() exactly as in production, driven by the real loop and talking HTTP to a local
// fake of the provider's protocol (test/helpers/fake-*.ts). test/provider-wire.test.ts says
// how to reach that fake, calls describeProviderWire(), and tests what only its provider does.

/** What the fake answers, one entry per request, in order (every fake takes these three). */
export type FakeReply =
  | { tool: string; input: unknown } // the model calls a tool
  | { status: number } // an HTTP error, in the provider's error format
  | { garbage: string }; // 200 OK with a body that is not the protocol

/** A request as the fake received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** What one request asked of the model, in protocol-neutral terms. */
export interface ModelRequest {
  /** The model id, wherever the protocol puts it (the body, or the URL for Gemini and Bedrock). */
  model: string;
  system: string;
  /** The text of every message but the system prompt, in order. */
  messages: string;
  tools: { name: string; description: string; schema: unknown }[];
}

export interface ProviderWire {
  /** The provider id, used in test names. */
  name: string;
  /** Starts the fake of the provider's protocol. */
  start: (replies: FakeReply[]) => Promise<FakeServer>;
  readRequest: (request: RecordedRequest) => ModelRequest;
  /** The env that points createModel() at the fake listening on `url`, with test credentials. */
  env: (url: string) => NodeJS.ProcessEnv;
  /** What the first request must carry: its path (when worth checking) and headers (`undefined`: not sent). */
  firstRequest: { path?: string; headers: Record<string, unknown> };
}

export interface WireRunOptions {
  deps?: Partial<AgentDeps>;
  /** Added to (or blanking) the provider's test env. */
  env?: NodeJS.ProcessEnv;
}

/** The model's last answer in most scripts. */
export const finish: FakeReply = { tool: "done_for_now", input: { message: "3 times 4 is 12" } };

/**
 * Starts a fake that answers with `replies` and runs one thread through the real loop against it.
 * The fake closes when the test ends.
 */
export async function runOnWire(
  wire: ProviderWire,
  message: string,
  replies: FakeReply[],
  { deps = {}, env = {} }: WireRunOptions = {},
) {
  const fake = await wire.start(replies);
  onTestFinished(() => fake.close());
  const model = createModel({ ...wire.env(fake.url), ...env });
  const store = new MemoryThreadStore();
  const thread = await advance(await store.create(newThread(message)), { model, store, ...deps });
  return { thread, store, raw: fake.requests, requests: fake.requests.map(wire.readRequest) };
}

const types = (thread: Thread) => thread.events.map((e) => e.type);

/** The tests every provider shares, in a `<name> on the wire` block. */
export function describeProviderWire(wire: ProviderWire): void {
  const run = (message: string, replies: FakeReply[], options?: WireRunOptions) =>
    runOnWire(wire, message, replies, options);

  describe(`${wire.name} on the wire`, () => {
    it("runs the tool the model calls, shows it the result and finishes", async () => {
      const { thread, store, raw, requests } = await run("multiply 3 and 4", [
        { tool: "multiply", input: { a: 3, b: 4 } },
        finish,
      ]);

      expect(types(thread)).toEqual(["user_message", "tool_call", "tool_result", "tool_call", "done"]);
      expect(thread.events[2]).toMatchObject({ data: { tool: "multiply", output: 12 } });
      expect(thread.events.at(-1)).toMatchObject({ data: { message: "3 times 4 is 12" } });
      expect(requests).toHaveLength(2);
      expect(requests[1]?.messages).toContain(renderEvent(thread.events[2] as AgentEvent));
      const { path, headers } = wire.firstRequest;
      if (path !== undefined) expect(raw[0]?.path).toBe(path);
      for (const [name, value] of Object.entries(headers)) {
        expect(raw[0]?.headers[name], `the ${name} header`).toEqual(value);
      }
      expect(await store.get(thread.id)).toEqual(thread);
    });

    it("sends the system prompt, the thread and every registered tool with a portable schema", async () => {
      const { thread, requests } = await run("multiply 3 and 4", [finish]);
      const sent = requests[0];

      expect(sent?.model).toBe(DEFAULT_MODEL_ID);
      expect(sent?.system).toBe(buildInstructions(tools));
      expect(sent?.messages).toContain(renderEvent(thread.events[0] as AgentEvent));
      expect(sent?.tools.map((t) => t.name)).toEqual(tools.map((t) => t.name));
      for (const tool of tools) {
        const onWire = sent?.tools.find((t) => t.name === tool.name);
        const expected = z.toJSONSchema(tool.inputSchema);
        expect(onWire?.description).toBe(tool.description);
        expect(onWire?.schema).toMatchObject({ properties: expected.properties, required: expected.required });
        expect(unportableKeywords(onWire?.schema), `${tool.name} uses keywords some providers reject`).toEqual([]);
      }
    });

    it("uses the model named by AGENT_MODEL", async () => {
      const { requests } = await run("hi", [finish], { env: { AGENT_MODEL: "my-fine-tune" } });
      expect(requests[0]?.model).toBe("my-fine-tune");
    });

    it("retries a 429 and a 500 with backoff, then carries on", async () => {
      // The SDK backs off between attempts; the fake's `retry-after: 0` keeps that instant here.
      const replies: FakeReply[] = [{ status: 429 }, { status: 500 }, finish];
      const { thread, requests } = await run("multiply 3 and 4", replies, { deps: { maxRetries: 2 } });
      expect(requests).toHaveLength(3);
      expect(types(thread)).toEqual(["user_message", "tool_call", "done"]);
    });

    it.each([429, 500])("records a %i that persists as a model_error the model sees next", async (status) => {
      // One attempt and two retries fail; the loop records that and asks the model again.
      const replies: FakeReply[] = [{ status }, { status }, { status }, finish];
      const { thread, store, requests } = await run("multiply 3 and 4", replies, { deps: { maxRetries: 2 } });

      expect(types(thread)).toEqual(["user_message", "model_error", "tool_call", "done"]);
      expect(thread.events[1]).toMatchObject({ data: { attempts: 3, error: expect.stringContaining(String(status)) } });
      expect(requests).toHaveLength(4);
      expect(requests[3]?.messages).toContain(renderEvent(thread.events[1] as AgentEvent));
      expect(await store.get(thread.id)).toEqual(thread);
    });

    it.each<[string, AgentEvent["type"], FakeReply, string]>([
      ["a body that is not the protocol", "model_error", { garbage: "<html>502 Bad Gateway</html>" }, "JSON"],
      ["a call to a tool that does not exist", "tool_error", { tool: "launch_rockets", input: {} }, "launch_rockets"],
      ["arguments that fail the tool's schema", "tool_error", { tool: "multiply", input: { a: "three", b: 4 } }, "a:"],
    ])("turns %s into a %s the model sees next", async (_, errorType, reply, mentions) => {
      const { thread, requests } = await run("multiply 3 and 4", [reply, finish]);

      const error = thread.events.find((e) => e.type === errorType);
      expect(error?.data).toMatchObject({ error: expect.stringContaining(mentions) });
      expect(requests[1]?.messages).toContain(renderEvent(error as AgentEvent));
      expect(thread.events.at(-1)?.type).toBe("done");
    });
  });
}

// JSON schema keywords that some providers refuse in tool definitions (OpenAI's strict
// mode, Gemini, Anthropic's strict tools), so a tool that uses them may work with one
// provider and break with the next. zod writes them for `.min()`, `.max()`, `.length()`,
// `z.int()` and `z.discriminatedUnion()`; check limits with `.refine()` instead (it stays local, and
// the loop validates every call with the tool's zod schema) and say them in `.describe()`.
const UNPORTABLE = new Set([
  "oneOf", "allOf", "not", "$ref",
  "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems",
]);

function unportableKeywords(schema: unknown, path = "schema"): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  return Object.entries(schema).flatMap(([key, value]) => {
    const here = UNPORTABLE.has(key) ? [`${path}.${key}`] : [];
    // Under "properties" the keys are field names, not keywords: only look inside.
    const children =
      key === "properties" && typeof value === "object" && value !== null
        ? Object.entries(value).flatMap(([name, sub]) => unportableKeywords(sub, `${path}.properties.${name}`))
        : unportableKeywords(value, `${path}.${key}`);
    return [...here, ...children];
  });
}
