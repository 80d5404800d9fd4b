import { createServer } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { counters, nextAction } from "../runtime/workload.js";

// The workload's fake model behind a local OpenAI Responses API (POST /v1/responses),
// so the generated server runs its real provider package over HTTP.
//
//   node bench/peers/serve/fake-openai.js <latency ms>
//
// Prints "listening <base url>" once ready. GET /stats answers { modelCalls }.
// The thread arrives as one user message with `<tool_result>` blocks (the generated
// project's context); the final answer is a call to the request's done_for_now tool.

const latency = Number(process.argv[2] ?? 0);
const TOOL_RESULT = /<tool_result>\n(?:[^\n]*\n)*?output: ([^\n]*)\n/g;
let ids = 0;

const server = createServer(async (req, res) => {
  if (req.method === "GET" && req.url === "/stats") return send(res, 200, { modelCalls: counters.modelCalls });
  if (req.method !== "POST" || req.url !== "/v1/responses") return send(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
  let text = "";
  for await (const chunk of req) text += chunk;
  const body = JSON.parse(text);
  const userText = body.input
    .filter((item) => item.role === "user")
    .map((item) => (typeof item.content === "string" ? item.content : item.content.map((part) => part.text ?? "").join("\n")))
    .join("\n");
  const results = [...userText.matchAll(TOOL_RESULT)].map((match) => match[1]);
  const action = nextAction(userText, results);
  const finalTool = body.tools?.find((t) => t.name === "done_for_now");
  if (latency > 0) await sleep(latency);
  const n = ++ids;
  const call = (name, input) => ({ type: "function_call", id: `fc_${n}`, call_id: `call_${n}`, name, arguments: JSON.stringify(input), status: "completed" });
  const output = action.final
    ? [finalTool ? call("done_for_now", { message: action.final }) : { type: "message", id: `msg_${n}`, role: "assistant", status: "completed", content: [{ type: "output_text", text: action.final, annotations: [] }] }]
    : [call(action.tool, action.input)];
  send(res, 200, {
    id: `resp_${n}`,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    status: "completed",
    model: body.model,
    output,
    usage: { input_tokens: 100, output_tokens: 20, total_tokens: 120 },
  });
});

function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`listening http://127.0.0.1:${server.address().port}/v1`));
