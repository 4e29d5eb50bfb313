// The engine's coordinator: a module worker that owns the wasm module and its
// shared memory, keeps the helper Web Workers, and runs one experiment at a
// time. Runs block this worker (rayon waits with Atomics.wait, which the page's
// main thread may not do), so the page stays responsive.

import { answerRequests } from './coordinator-protocol.js';
import { loadFailure, wasmUrlOf } from './load-failure.js';

let glue = null;
let crashChannel = null;
let pool = null;
let cancelFlag = null;

async function init({ glueUrl, crashChannel: channelName }) {
  crashChannel = channelName;
  let exports;
  try {
    glue = await import(/* @vite-ignore */ glueUrl);
    exports = await glue.default();
  } catch (error) {
    throw await loadFailure('parlab\'s compute module', [glueUrl, wasmUrlOf(glueUrl)], error);
  }
  cancelFlag = { view: new Uint8Array(exports.memory.buffer), index: glue.cancelFlagAddress() };
  return { memory: exports.memory.buffer, cancelFlagAddress: cancelFlag.index };
}

// A pool of exactly k workers. Helpers are started once and kept; building a
// pool on idle helpers takes well under a millisecond.
async function poolOf(k) {
  const started = performance.now();
  await glue.startHelpers(k, crashChannel);
  const helpersReady = performance.now();
  if (pool?.size !== k) {
    pool?.free();
    pool = new glue.WorkerPool(k);
  }
  return { helperStartMs: helpersReady - started, poolBuildMs: performance.now() - helpersReady };
}

async function run({ experiment, params, k, gilSwitchMs, faultInjection }) {
  const startup = await poolOf(k);
  // Tests only (README, "Testing hooks"): a helper panics and this worker stays blocked.
  if (faultInjection) pool.injectFault(faultInjection);
  Atomics.store(cancelFlag.view, cancelFlag.index, 0);
  const started = performance.now();
  const result = pool.run(experiment, params, gilSwitchMs ?? undefined);
  const timeMs = performance.now() - started;
  return {
    reply: { ...result, timeMs, ...startup, k },
    transfer: Object.values(result.arrays).map((array) => array.buffer),
  };
}

answerRequests({
  init: async (request) => ({ reply: await init(request) }),
  run,
  // Answered between runs: a run blocks this worker.
  liveWorkers: async () => ({ reply: { helpers: glue?.liveHelpers() ?? 0 } }),
});
