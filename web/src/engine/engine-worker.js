// The engine's coordinator: a module worker that owns the wasm module and its
// shared memory, keeps the helper Web Workers, and runs one experiment at a
// time. Runs block this worker (rayon waits with Atomics.wait, which the page's
// main thread may not do), so the page stays responsive.

import { answerRequests } from './coordinator-protocol.js';
import { loadFailure, wasmUrlOf } from './load-failure.js';
import { CancelledError } from './cancellation.js';

let glue = null;
let crashChannel = null;
let pool = null;
let cancelFlag = null;
// What the helpers kept warm between sweeps cost to start, measured when they
// started: coldStartMs[n - 1] is the time from none to n.
const coldStartMs = [];

async function init({ glueUrl, crashChannel: channelName }) {
  crashChannel = channelName;
  let exports;
  try {
    glue = await import(/* @vite-ignore */ glueUrl);
    exports = await glue.default();
    // Fetched once here, as the module is, so that no pool's start-up waits for a download.
    await glue.prepareHelpers();
  } catch (error) {
    throw await loadFailure('parlab\'s compute module', [glueUrl, wasmUrlOf(glueUrl)], error);
  }
  cancelFlag = { view: new Uint8Array(exports.memory.buffer), index: glue.cancelFlagAddress() };
  return { memory: exports.memory.buffer, cancelFlagAddress: cancelFlag.index };
}

// A pool of exactly k workers. Helpers are kept between runs; building a pool
// on idle helpers takes well under a millisecond. Helpers started here are
// timed like the warm ones: the cold start-up of each new count is when its
// last helper was ready, on top of the count already running.
async function poolOf(k) {
  const started = performance.now();
  const runningFor = coldStartMs.at(-1) ?? 0;
  const readyAt = await glue.startHelpers(k, crashChannel);
  for (const ready of readyAt) coldStartMs.push(runningFor + ready - started);
  const helpersReady = performance.now();
  if (pool?.size !== k) {
    pool?.free();
    pool = new glue.WorkerPool(k);
  }
  return { helperStartMs: helpersReady - started, poolBuildMs: performance.now() - helpersReady };
}

// Makes sure `count` helpers run, starting the missing ones all at once, as a
// pool of `count` would, and noting when each became ready: the cold start-up
// of every count up to `count`. Helpers beyond it stay as long as this engine
// (engine.js renews an idle engine).
async function warmUp({ count }) {
  const runningFor = coldStartMs.at(-1) ?? 0;
  const started = performance.now();
  for (const readyAt of await glue.startHelpers(count, crashChannel)) coldStartMs.push(runningFor + readyAt - started);
  return { reply: { coldStartMs } };
}

async function run({ experiment, params, k, gilSwitchMs, faultInjection }) {
  const startup = await poolOf(k);
  // Tests only (docs/instructors.md, "Testing hooks"): a helper panics and this worker stays blocked.
  if (faultInjection) pool.injectFault(faultInjection);
  Atomics.store(cancelFlag.view, cancelFlag.index, 0);
  // The data the run reads is made (or found made) before the clock starts: not part of T(k).
  const preparing = performance.now();
  const dataMs = glue.prepareData(experiment, params) ? performance.now() - preparing : undefined;
  const started = performance.now();
  const result = runOnPool(experiment, params, gilSwitchMs);
  const timeMs = performance.now() - started;
  return {
    reply: { ...result, timeMs, ...(dataMs !== undefined && { dataMs }), ...startup, k },
    transfer: Object.values(result.arrays).map((array) => array.buffer),
  };
}

// The kernel's cancellation (report.rs) reaches the page as one: answered { type: 'cancelled' }, not as a failure.
function runOnPool(experiment, params, gilSwitchMs) {
  try {
    return pool.run(experiment, params, gilSwitchMs ?? undefined);
  } catch (error) {
    throw error?.message === glue.cancelledMessage() ? new CancelledError() : error;
  }
}

// The cost of an empty parallel region on a pool of k, in µs per region (npm run bench),
// each after idleUs in which the pool had nothing to do (0: back to back).
async function dispatch({ k, samples, regionsPerSample, idleUs }) {
  await poolOf(k);
  return { reply: { timesUs: Array.from(pool.measureDispatch(samples, regionsPerSample, idleUs)) } };
}

// The memory bandwidth k workers get together, in GB/s per repetition (STREAM's triad; the what-if model's ceiling).
async function bandwidth({ k, megabytes, repetitions }) {
  await poolOf(k);
  return { reply: { gbPerS: Array.from(pool.measureBandwidth(megabytes, repetitions)) } };
}

answerRequests({
  init: async (request) => ({ reply: await init(request) }),
  warmUp,
  run,
  // Answered between runs: a run blocks this worker.
  liveWorkers: async () => ({ reply: { helpers: glue?.liveHelpers() ?? 0 } }),
  dispatch,
  bandwidth,
});
