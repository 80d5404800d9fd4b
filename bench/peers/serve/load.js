import autocannon from "autocannon";
import { question } from "../runtime/workload.js";

// Whole threads through the generated HTTP API with autocannon: each connection
// loops POST /thread (the agent runs until divide waits for approval: 201,
// awaiting_approval), then POST /thread/:id/response with the approval (the agent
// finishes: 200, done). A thread counts when its answer is the right one and it
// finished after the first `warmup` seconds: threads finishing in that window of the
// steady state measure throughput, without the ramp-up at the start.
//
//   node bench/peers/serve/load.js '{"url":"http://127.0.0.1:3000","connections":100,"warmup":3,"duration":10}'
// Prints one JSON line: { threads, threadsPerSecond, wrong, errors, non2xx, requestLatency }.

const { url, connections, warmup, duration } = JSON.parse(process.argv[2]);
const countFrom = Date.now() + warmup * 1000;
const headers = { "content-type": "application/json" };
let next = 0;
let threads = 0;
let wrong = 0;
const problems = [];

const result = await autocannon({
  url,
  connections,
  duration: warmup + duration,
  requests: [
    {
      method: "POST",
      path: "/thread",
      headers,
      setupRequest: (request, context) => {
        context.i = next++;
        context.id = undefined;
        return { ...request, body: JSON.stringify({ message: question(context.i).text }) };
      },
      onResponse: (status, body, context) => {
        const thread = safeJson(body);
        if (status === 201 && thread?.status === "awaiting_approval") context.id = thread.thread_id;
        else note(`POST /thread: ${status} ${body.slice(0, 200)}`);
      },
    },
    {
      method: "POST",
      headers,
      setupRequest: (request, context) =>
        context.id && { ...request, path: `/thread/${context.id}/response`, body: JSON.stringify({ type: "approval", approved: true }) },
      onResponse: (status, body, context) => {
        const last = safeJson(body)?.events?.at(-1);
        if (status === 200 && last?.type === "done" && last.data.message.includes(`the answer is ${question(context.i).expected}`)) {
          if (Date.now() >= countFrom) threads++;
        } else note(`POST /thread/:id/response: ${status} ${body.slice(0, 200)}`);
      },
    },
  ],
});

function note(problem) {
  wrong++;
  if (problems.length < 3) problems.push(problem);
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

console.log(
  JSON.stringify({
    threads,
    threadsPerSecond: threads / duration,
    wrong,
    problems,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    requestLatency: { p50: result.latency.p50, p99: result.latency.p99 },
  }),
);
