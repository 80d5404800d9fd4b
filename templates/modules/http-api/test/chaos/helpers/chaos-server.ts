import { resumeRunning } from "../../../src/agent/resume.ts";
import { createApp } from "../../../src/http/app.ts";
import { startServer } from "../../../src/http/start-server.ts";
import { FileThreadStore } from "../../../src/store/file-store.ts";
import { tools } from "../../../src/tools/index.ts";
import { random } from "../../chaos/helpers/chaos.ts";
import { planModel } from "../../helpers/plan-model.ts";
import { recordingTool } from "../../helpers/recording-tool.ts";

// The HTTP server as src/server.ts runs it with the file store: the same app, the
// same store, the same resume of threads left running, started right after it
// listens. Two parts are swapped for the test: a model that answers from the
// thread (no provider, no network) with a few milliseconds of thinking, and the
// recording tool, whose side effects go to LEDGER_DIR. The registry's tools stay. kill-server.test.ts starts
// this as a child process and kills it with SIGKILL.
//   AGENT_DATA_DIR  where threads are stored
//   LEDGER_DIR      where the recording tool's effects go
//   CHAOS_SEED      seeds the model's thinking times

const env = process.env;
if (!env.AGENT_DATA_DIR || !env.LEDGER_DIR) throw new Error("set AGENT_DATA_DIR and LEDGER_DIR");
const rnd = random(Number(env.CHAOS_SEED) || 1);
const agent = {
  model: planModel({ delayMs: () => rnd.int(0, 4) }),
  store: new FileThreadStore(env.AGENT_DATA_DIR),
  // A tool that takes a moment after its effect, so some kills land between the effect and its stored result.
  tools: [...tools, recordingTool(env.LEDGER_DIR, { afterEffect: () => new Promise((resolve) => setTimeout(resolve, rnd.int(0, 20))) })],
  maxRetries: 0,
};
const server = await startServer(createApp(agent), { host: "127.0.0.1", port: 0 });
console.log(`listening on ${server.url}`);
const outcomes = await resumeRunning(agent);
for (const { id, error } of outcomes) if (error) console.error(`thread ${id} could not be resumed: ${error}`);
console.log(`resumed ${outcomes.length} threads`);
