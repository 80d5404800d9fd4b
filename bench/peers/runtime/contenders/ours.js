import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { fakeAiSdkModel } from "../fake-ai-sdk-model.js";
import { freshDataDir, freshPgSchema } from "../support.js";
import { counters, question } from "../workload.js";

// The generated project's own loop, imported from a project our CLI rendered and
// installed (BENCH_OURS_DIR; BENCH_OURS_PG_DIR for the one with postgres-store).
// Variants: file | memory | postgres (the store the threads live in), and passthrough
// (a diagnostic store that neither copies nor validates, to isolate the loop's cost).
//
// Approval: the generated `divide` asks a human before it runs. In runThread the
// bench turns that off (a copy of the tool with requiresApproval: false), so every
// contender does the same straight-through work. The paused phase keeps it on: a
// thread stops at divide's approval_request and `resume` is what the HTTP route
// does with an approval: read the stored thread, applyAnswer, store.update, advance.

export async function create(variant, env) {
  const dir = path.resolve(variant === "postgres" ? env.BENCH_OURS_PG_DIR : env.BENCH_OURS_DIR);
  const load = (file) => import(pathToFileURL(path.join(dir, file)).href);
  const require = createRequire(path.join(dir, "package.json"));

  const { advance } = await load("src/agent/loop.ts");
  const { applyAnswer } = await load("src/agent/answer.ts");
  const { newThread } = await load("src/agent/thread.ts");
  const { add } = await load("src/tools/add.ts");
  const { multiply } = await load("src/tools/multiply.ts");
  const { divide } = await load("src/tools/divide.ts");
  const { doneForNow } = await load("src/tools/done-for-now.ts");
  const { MockLanguageModelV4 } = await import(pathToFileURL(require.resolve("ai/test")).href);

  let store;
  let cleanup;
  if (variant === "file") {
    const { FileThreadStore } = await load("src/store/file-store.ts");
    const data = freshDataDir("ours-file");
    store = new FileThreadStore(data.dir);
    cleanup = data.remove;
  } else if (variant === "memory") {
    const { MemoryThreadStore } = await load("src/store/memory-store.ts");
    store = new MemoryThreadStore();
  } else if (variant === "passthrough") {
    // A diagnostic, not something the project ships: versions checked, threads kept as
    // they are (no JSON copy, no schema validation), to tell the loop's own cost from the store's.
    const { VersionConflictError } = await load("src/store/types.ts");
    const threads = new Map();
    store = {
      async create(thread) {
        const stored = { ...thread, version: 1 };
        threads.set(thread.id, stored);
        return stored;
      },
      async get(id) {
        return threads.get(id);
      },
      async update(thread, expectedVersion) {
        const current = threads.get(thread.id);
        if (current?.version !== expectedVersion) throw new VersionConflictError(thread.id, expectedVersion, current?.version);
        const stored = { ...thread, version: expectedVersion + 1 };
        threads.set(thread.id, stored);
        return stored;
      },
      async list() {
        return [];
      },
      async close() {},
    };
  } else if (variant === "postgres") {
    const { PgThreadStore } = await load("src/store/pg-store.ts");
    const { Pool } = require("pg");
    const schema = await freshPgSchema(Pool, env.DATABASE_URL);
    store = await PgThreadStore.connect({ DATABASE_URL: schema.url });
    cleanup = schema.drop;
  } else {
    throw new Error(`ours: unknown variant ${variant} (file, memory, postgres, passthrough)`);
  }

  // Counted, so a run that skips a tool fails the check.
  const counted = (tool) => ({
    ...tool,
    execute: (input, context) => {
      counters.toolRuns++;
      return tool.execute(input, context);
    },
  });
  const approved = [counted(add), counted(multiply), { ...counted(divide), requiresApproval: false }, doneForNow];
  const gated = [counted(add), counted(multiply), counted(divide), doneForNow];
  const model = fakeAiSdkModel(MockLanguageModelV4, { finalTool: doneForNow.name });

  const finalAnswer = (thread) => {
    const last = thread.events.at(-1);
    if (last?.type !== "done") throw new Error(`thread ${thread.id} ended with ${last?.type}: ${JSON.stringify(last?.data)}`);
    return last.data.message;
  };

  return {
    label: `create-12-factor-agent advance() + ${variant} store`,
    async runThread(i) {
      const created = await store.create(newThread(question(i).text));
      return finalAnswer(await advance(created, { model, store, tools: approved }));
    },
    pause: {
      async start(i) {
        const created = await store.create(newThread(question(i).text));
        const paused = await advance(created, { model, store, tools: gated });
        if (paused.events.at(-1)?.type !== "approval_request") throw new Error(`thread ${paused.id} did not pause for approval`);
        return paused.id;
      },
      async resume(id) {
        const thread = await store.get(id);
        const answered = applyAnswer(thread, { type: "approval", approved: true });
        if (!answered.ok) throw new Error(answered.reason);
        const stored = await store.update(answered.thread, thread.version);
        return finalAnswer(await advance(stored, { model, store, tools: gated }));
      },
    },
    async close() {
      await store.close();
      await cleanup?.();
    },
  };
}
