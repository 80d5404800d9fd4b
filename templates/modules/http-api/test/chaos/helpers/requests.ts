import { LONG, type Random } from "../../chaos/helpers/chaos.ts";
import { planMessage } from "../../helpers/plan-model.ts";

// Generated requests for the fuzz test: mostly wrong in one way or another
// (methods, paths, headers, bodies), some right, a few enormous. Each says which
// statuses it may get, where that is known in advance.

export interface FuzzRequest {
  /** What the request is, for failure messages. */
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** The statuses this request may get; unset: anything below 500. */
  expect?: number[];
}

export interface Targets {
  /** Threads no request may change: they only get answers that must be refused. */
  protectedIds: string[];
  /** Threads the fuzz started: valid answers go there too. */
  ownIds: string[];
}

export function generateRequest(rnd: Random, targets: Targets): FuzzRequest {
  const roll = rnd();
  if (roll < 0.3) return startRequest(rnd);
  if (roll < 0.55) return answerRequest(rnd, targets);
  if (roll < 0.7) return readRequest(rnd, targets);
  return anyRequest(rnd, targets);
}

interface Body {
  kind: string;
  text: string | Uint8Array;
  expect: number[];
}

/** POST /thread with a body of any kind. */
function startRequest(rnd: Random): FuzzRequest {
  const body = rnd.chance(0.3) ? validStart(rnd) : badBody(rnd);
  return post(rnd, `start: ${body.kind}`, "/thread", body);
}

/** POST /thread/:id/response; a protected thread only ever gets answers that must be refused. */
function answerRequest(rnd: Random, targets: Targets): FuzzRequest {
  if (targets.ownIds.length > 0 && rnd.chance(0.4)) {
    const body = rnd.chance(0.5) ? validAnswer(rnd) : badBody(rnd);
    return post(rnd, `answer: ${body.kind}`, `/thread/${rnd.pick(targets.ownIds)}/response`, body);
  }
  const id = rnd.chance(0.8) ? rnd.pick(targets.protectedIds) : randomId(rnd);
  const body = rnd.chance(0.15) ? wrongKindAnswer(rnd) : badBody(rnd);
  return post(rnd, `answer (protected): ${body.kind}`, `/thread/${id}/response`, body);
}

function readRequest(rnd: Random, targets: Targets): FuzzRequest {
  const id = rnd.pick([...targets.protectedIds, ...targets.ownIds, randomId(rnd), rnd.pick(WEIRD_IDS)]);
  return { kind: "read", method: rnd.chance(0.9) ? "GET" : "HEAD", path: `/thread/${id}`, headers: noise(rnd), expect: [200, 404] };
}

/** Any method, path and headers, with a body that is never valid. */
function anyRequest(rnd: Random, targets: Targets): FuzzRequest {
  const method = rnd.pick(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND"]);
  const path = rnd.pick([
    "/thread", "/healthz", "/", "//thread", "/thread/", "/Thread", "/thread?message=hi", "/thread/a/b/c", "/healthz/", "/%", "/%ZZ",
    `/thread/${rnd.pick(targets.protectedIds)}`,
    `/thread/${rnd.pick(targets.protectedIds)}/response`,
    `/thread/${rnd.pick(WEIRD_IDS)}`,
    `/thread/${rnd.pick(WEIRD_IDS)}/response`,
    // Through a Buffer first: lone surrogates become U+FFFD, which encodeURIComponent accepts.
    `/${encodeURIComponent(Buffer.from(randomText(rnd, rnd.int(0, 300))).toString())}`,
  ]);
  const headers = { ...noise(rnd), ...(rnd.chance(0.7) ? { "content-type": rnd.pick(CONTENT_TYPES) } : {}) };
  const body = method === "GET" || method === "HEAD" ? undefined : badBody(rnd).text;
  return { kind: `any: ${method} ${path.slice(0, 60)}`, method, path, headers, ...(body === undefined ? {} : { body }) };
}

const CONTENT_TYPES = [
  "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x", "application/jsonx", "json", "", "application/json, text/plain",
];
const JSON_TYPES = CONTENT_TYPES.slice(0, 3);

const WEIRD_IDS = [
  "..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%00", "a%00b", ".hidden", "x".repeat(129), "x".repeat(5000), "%E2%80%AE",
  "%F0%9F%92%A5", "con", "nul.json", "a.json", "%20", "-", "_", encodeURIComponent("\u0000\u0001\u001f"), "%ZZ",
];

/** A POST to a known route: the content type and the key decide before the body does. */
function post(rnd: Random, kind: string, path: string, body: Body): FuzzRequest {
  const headers = noise(rnd);
  const json = rnd.chance(0.85);
  const type = json ? rnd.pick(JSON_TYPES) : rnd.pick(CONTENT_TYPES.filter((t) => !JSON_TYPES.includes(t)));
  if (type) headers["content-type"] = type;
  let expect = body.expect;
  const key = rnd.chance(0.2) ? rnd.pick([`k-${rnd.int(1, 40)}`, "has space", "é", "x".repeat(256), `k-${rnd.int(1, 1e9)}`]) : undefined;
  if (key !== undefined) {
    headers["idempotency-key"] = key;
    // A bad key is refused; a used one replays its first answer (any status it had), or 422, or 409.
    expect = /^[\x21-\x7e]{1,255}$/.test(key) ? [...expect, 200, 201, 400, 404, 409, 413, 422] : [400, 413];
  }
  if (!json) expect = [415];
  return { kind, method: "POST", path, headers, body: body.text, expect };
}

/** Headers that must not matter: a token nobody asked for, a preference nobody can honour. */
function noise(rnd: Random): Record<string, string> {
  const headers: Record<string, string> = {};
  if (rnd.chance(0.1)) headers.authorization = rnd.pick(["Bearer x", "Basic eA==", "Bearer", `Bearer ${"t".repeat(2000)}`]);
  if (rnd.chance(0.05)) headers.prefer = "respond-async";
  if (rnd.chance(0.05)) headers["x-forwarded-for"] = "10.0.0.1";
  return headers;
}

function validStart(rnd: Random): Body {
  const message = rnd.chance(0.3)
    ? planMessage("fuzz", [{ tool: "divide", input: { a: rnd.int(1, 9), b: rnd.int(1, 9) } }])
    : `${rnd.chance(0.5) ? "hi " : ""}${randomText(rnd, rnd.int(0, 200))}`;
  return { kind: "valid", text: JSON.stringify({ message: message.trim() ? message : "x" }), expect: [201] };
}

function validAnswer(rnd: Random): Body {
  const answer = rnd.chance(0.7)
    ? { type: "approval", approved: rnd.chance(0.5), ...(rnd.chance(0.3) ? { comment: randomText(rnd, 20) } : {}) }
    : { type: "response", response: randomText(rnd, 20) };
  return { kind: "valid answer", text: JSON.stringify(answer), expect: [200, 409] };
}

/** Well-formed, but not what a waiting (or finished, or missing) thread takes. */
function wrongKindAnswer(rnd: Random): Body {
  return { kind: "wrong kind", text: JSON.stringify({ type: "response", response: randomText(rnd, 30) }), expect: [404, 409] };
}

/** A body that is never a valid start or answer, whatever the route. */
function badBody(rnd: Random): Body {
  const shapes: Array<() => Body> = [
    () => ({ kind: "random bytes", text: randomBytes(rnd, rnd.int(0, 3000)), expect: [400] }),
    () => ({ kind: "empty", text: "", expect: [400] }),
    () => ({ kind: "truncated json", text: '{"message": "hi', expect: [400] }),
    () => ({ kind: "json scalar", text: rnd.pick(["1", "null", "true", '"x"', "1e999", "-0", "[]"]), expect: [400] }),
    () => ({ kind: "not json", text: rnd.pick(["NaN", "{'a':1}", "{a:1}", "undefined", "\u0000", "\ufeff{}"]), expect: [400] }),
    () => ({ kind: "wrong types", text: JSON.stringify(rnd.pick(WRONG_TYPES)), expect: [400] }),
    () => ({ kind: "unknown field", text: JSON.stringify({ message: "hi", type: "approval", approved: true, extra: 1 }), expect: [400] }),
    () => ({ kind: "prototype keys", text: prototypeKeys(rnd), expect: [400] }),
    () => ({ kind: "deep nesting", text: deepNesting(rnd), expect: [400, 413] }),
    () => ({ kind: "random json", text: JSON.stringify({ [rnd.pick(["message", "type", "x"])]: randomValue(rnd, 4), extra: randomValue(rnd, 3) }), expect: [400] }),
    () => ({ kind: "huge string", text: hugeString(rnd, false), expect: [400, 413] }),
    () => ({ kind: "over 1 MiB", text: hugeString(rnd, true), expect: [413] }),
  ];
  return rnd.pick(shapes)();
}

const WRONG_TYPES: unknown[] = [
  { message: 42 }, { message: null }, { message: ["hi"] }, { message: { text: "hi" } }, { message: "" }, { message: "   " },
  { type: "approval" }, { type: "approval", approved: "yes" }, { type: "approval", approved: 1 }, { type: "approve", approved: true },
  { type: "response" }, { type: "response", response: 7 }, { type: ["approval"], approved: true }, { type: null },
  { type: "approval", approved: true, comment: 5 }, ["message", "hi"], {}, { message: "hi", type: "approval", approved: true },
];

const NASTY_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "__defineGetter__", "valueOf"];

function prototypeKeys(rnd: Random): string {
  const key = rnd.pick(NASTY_KEYS);
  const inner = rnd.pick(['{"polluted": true}', '{"prototype": {"polluted": true}}', '"polluted"', "[1]", "null"]);
  const base = rnd.pick(['"message": "hi"', '"type": "approval", "approved": true', '"type": "response", "response": "x"']);
  return rnd.chance(0.5) ? `{${base}, "${key}": ${inner}}` : `{"${key}": ${inner}, ${base}}`;
}

// Big bodies are made once and reused: building them each time would make the fuzz slow, not the server.
const made = new Map<string, string>();
function once(key: string, make: () => string): string {
  let text = made.get(key);
  if (text === undefined) made.set(key, (text = make()));
  return text;
}

function deepNesting(rnd: Random): string {
  // 400,000 levels take a tenth of a second to parse: only in the long run.
  const depth = rnd.pick(LONG ? [100, 1_000, 10_000, 100_000, 400_000] : [100, 1_000, 10_000, 50_000]);
  const [open, close] = rnd.chance(0.5) ? ["[", "]"] : ['{"a":', "}"];
  const wrapped = rnd.chance(0.5);
  return once(`nest ${depth} ${open} ${wrapped}`, () => {
    const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
    return wrapped ? `{"message": ${nested}}` : nested;
  });
}

function hugeString(rnd: Random, over: boolean): string {
  if (over) return once(`over ${rnd.int(1, 3)}`, () => JSON.stringify({ message: "y".repeat(1024 * 1024 + rnd.int(1, 1000)) }));
  const size = rnd.int(1, 4) * 300 * 1024;
  return once(`huge ${size}`, () => JSON.stringify({ message: "x".repeat(size), extra: 1 }));
}

function randomId(rnd: Random): string {
  return Array.from({ length: rnd.int(1, 40) }, () => rnd.pick([..."abcdef0123456789-_"])).join("");
}

function randomText(rnd: Random, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) {
    const roll = rnd();
    if (roll < 0.7) text += String.fromCharCode(rnd.int(0x20, 0x7e));
    else if (roll < 0.8) text += String.fromCharCode(rnd.int(0, 0x1f));
    else if (roll < 0.95) text += String.fromCharCode(rnd.int(0xa0, 0x2fff));
    else text += rnd.pick(["\ud83d\udca5", "\ud800", "\udfff", "\u202e", "\ufeff"]);
  }
  return text;
}

function randomBytes(rnd: Random, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (rnd() * 256) | 0;
  return bytes;
}

function randomValue(rnd: Random, depth: number): unknown {
  const roll = rnd();
  if (depth <= 0 || roll < 0.4) return rnd.pick([null, true, false, 0, -1, 1.5, 1e308, "", randomText(rnd, rnd.int(0, 30))]);
  if (roll < 0.7) return Array.from({ length: rnd.int(0, 4) }, () => randomValue(rnd, depth - 1));
  const object: Record<string, unknown> = {};
  for (let i = rnd.int(0, 4); i > 0; i--) {
    // defineProperty, so a "__proto__" key is an own property here as JSON.parse makes it.
    const key = rnd.chance(0.3) ? rnd.pick(NASTY_KEYS) : randomText(rnd, 5);
    Object.defineProperty(object, key, { value: randomValue(rnd, depth - 1), enumerable: true, configurable: true, writable: true });
  }
  return object;
}
