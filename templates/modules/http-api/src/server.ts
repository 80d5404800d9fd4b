import { createApp } from "./http/app.ts";
import { bindProblem } from "./http/auth.ts";
import { startServer } from "./http/start-server.ts";
import { createModel, missingCredentials, PROVIDER_ID } from "./llm/provider.ts";
import { createStore } from "./store/index.ts";

// `npm start`: the agent's HTTP API. Configuration comes from the environment (.env):
//   HOST             address to listen on (default 127.0.0.1, this machine only)
//   PORT             port (default 3000)
//   AGENT_API_TOKEN  bearer token the API requires; mandatory when HOST is not loopback

const host = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);
const token = process.env.AGENT_API_TOKEN || undefined;

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT=${process.env.PORT} is not a port number; use 0 to 65535, or leave it unset for 3000.`);
  process.exit(1);
}
const problem = bindProblem(host, token);
if (problem) {
  console.error(problem);
  process.exit(1);
}
const missing = missingCredentials();
if (missing.length > 0) {
  console.warn(`warning: ${missing.join(", ")} not set; calls to ${PROVIDER_ID} will fail until it is (see .env.example).`);
}

let model;
try {
  model = createModel();
} catch (error) {
  console.error(`cannot set up the ${PROVIDER_ID} model: ${(error as Error).message}`);
  process.exit(1);
}
const store = await createStore();
const app = createApp({ model, store, token });
const server = await startServer(app, { host, port });
console.log(`agent API listening on ${server.url}${token ? " (bearer token required)" : ""}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) {
    console.error(`${signal} again: exiting without waiting.`);
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: finishing requests in flight, then exiting (send it again to exit now).`);
  await server.close();
  await store.close?.();
  console.log("stopped.");
}
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("error while stopping:", error);
        process.exit(1);
      },
    );
  });
}
