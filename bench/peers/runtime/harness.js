import { performance } from "node:perf_hooks";
import { checkAnswer, counters } from "./workload.js";

// Runs one contender in this (fresh) process and prints one JSON line of results.
//
//   node --expose-gc bench/peers/runtime/harness.js <contender> <variant> [json options]
//
// A contender module (contenders/<name>.js) exports `create(variant, env)` returning
//   { label, runThread(i) -> final answer, pause?: { start(i) -> handle, resume(handle) -> final answer }, close() }
// Phases: warm-up, sequential threads (latency, heap kept per finished thread),
// threads with `concurrency` in flight (throughput), paused threads (heap kept per
// paused thread, resume latency). Every answer and the model/tool counters are checked.

const [contenderName, variant, json] = process.argv.slice(2);
const options = { warmup: 200, threads: 2000, concurrentThreads: 2000, concurrency: 200, paused: 500, ...JSON.parse(json ?? "{}") };
if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");

const { create } = await import(`./contenders/${contenderName}.js`);
const contender = await create(variant, process.env);
let index = 0;
let threads = 0;

async function one() {
  const i = index++;
  const answer = await contender.runThread(i);
  checkAnswer(i, answer);
  threads++;
}

for (let n = 0; n < options.warmup; n++) await one();

// Heap is sampled (after full GCs) every `step` threads; the slope of a straight-line
// fit is the memory each thread leaves behind, less sensitive to GC noise than one
// before/after difference.
const finishedHeap = heapSlope(options.threads);
const times = new Float64Array(options.threads);
const cpuBefore = process.cpuUsage();
for (let n = 0; n < options.threads; n++) {
  finishedHeap.sample(n);
  const start = performance.now();
  await one();
  times[n] = performance.now() - start;
}
finishedHeap.sample(options.threads);
// CPU time of this process per thread (the heap samples' own GCs taken out); a
// database server's work is not in it, but it moves much less than wall time when
// other programs share the machine.
const cpu = process.cpuUsage(cpuBefore);
const cpuPerThread = ((cpu.user + cpu.system) / 1000 - finishedHeap.samplingCpuMs()) / options.threads;

const concurrentStart = performance.now();
let started = 0;
await Promise.all(
  Array.from({ length: options.concurrency }, async () => {
    while (started < options.concurrentThreads) {
      started++;
      await one();
    }
  }),
);
const concurrentSeconds = (performance.now() - concurrentStart) / 1000;

let paused;
if (contender.pause && options.paused > 0) {
  const handles = [];
  // Warm the pause and resume paths up first, so their first compilation is not counted as kept memory.
  for (let n = 0; n < Math.min(50, options.warmup); n++) {
    const i = index++;
    checkAnswer(i, await contender.pause.resume(await contender.pause.start(i)));
    threads++;
  }
  const first = index;
  const pausedHeap = heapSlope(options.paused);
  for (let n = 0; n < options.paused; n++) {
    pausedHeap.sample(n);
    handles.push(await contender.pause.start(index++));
  }
  pausedHeap.sample(options.paused);
  const resumeTimes = new Float64Array(options.paused);
  for (let n = 0; n < options.paused; n++) {
    const start = performance.now();
    const answer = await contender.pause.resume(handles[n]);
    resumeTimes[n] = performance.now() - start;
    checkAnswer(first + n, answer);
    threads++;
  }
  paused = { threads: options.paused, heapPerPausedBytes: pausedHeap.slope(), resume: summary(resumeTimes) };
}

await contender.close?.();

// A contender that skipped a model call or a tool run fails here.
if (counters.modelCalls !== threads * 4 || counters.toolRuns !== threads * 3) {
  throw new Error(
    `${contenderName}/${variant}: ${threads} threads made ${counters.modelCalls} model calls and ${counters.toolRuns} tool runs; expected ${threads * 4} and ${threads * 3}`,
  );
}

console.log(
  JSON.stringify({
    contender: contenderName,
    variant,
    label: contender.label,
    threads,
    sequential: { ...summary(times), cpu: cpuPerThread },
    throughput: options.concurrentThreads / concurrentSeconds,
    concurrency: options.concurrency,
    heapPerFinishedBytes: finishedHeap.slope(),
    paused,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
// Pools and timers of some frameworks keep the loop alive.
process.exit(0);

function settledHeap() {
  for (let n = 0; n < 3; n++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Bytes of heap per thread: least-squares slope of settled heap against threads, sampled 11 times. */
function heapSlope(total) {
  const every = Math.max(1, Math.floor(total / 10));
  const points = [];
  let samplingCpu = 0;
  return {
    sample(n) {
      if (n % every !== 0) return;
      const before = process.cpuUsage();
      points.push([n, settledHeap()]);
      const spent = process.cpuUsage(before);
      samplingCpu += (spent.user + spent.system) / 1000;
    },
    samplingCpuMs: () => samplingCpu,
    slope() {
      const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
      const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
      const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
      const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
      return sxx === 0 ? 0 : sxy / sxx;
    },
  };
}

function summary(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { mean: sorted.reduce((s, v) => s + v, 0) / sorted.length, p50: at(0.5), p99: at(0.99), n: sorted.length };
}
