// The engine's coordinator: a module worker that owns the wasm module and its
// shared memory, keeps the helper Web Workers, and runs one experiment at a
// time. Runs block this worker (rayon waits with Atomics.wait, which the page's
// main thread may not do), so the page stays responsive.

let glue = null;
let crashChannel = null;
let pool = null;

async function init({ glueUrl, crashChannel: channelName }) {
  crashChannel = channelName;
  let exports;
  try {
    glue = await import(/* @vite-ignore */ glueUrl);
    exports = await glue.default();
  } catch (error) {
    throw new Error(`Could not load the compute module from ${glueUrl} (${error.message}). If you run parlab from a checkout, 'npm start' builds it.`);
  }
  return { memory: exports.memory.buffer, cancelFlagAddress: glue.cancelFlagAddress() };
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
  return { pool, helperStartMs: helpersReady - started, poolBuildMs: performance.now() - helpersReady };
}

const experiments = {
  mandelbrot: (workerPool, { schedule, ...params }) => {
    const run = workerPool.runMandelbrot(params, schedule);
    return { run, transfer: [run.counts.buffer] };
  },
};

async function run({ experiment, params, k }) {
  const runExperiment = experiments[experiment];
  if (!runExperiment) throw new Error(`Unknown experiment "${experiment}".`);
  const startup = await poolOf(k);
  const started = performance.now();
  const { run: result, transfer } = runExperiment(startup.pool, params);
  const timeMs = performance.now() - started;
  return {
    reply: { ...result, timeMs, helperStartMs: startup.helperStartMs, poolBuildMs: startup.poolBuildMs, k },
    transfer,
  };
}

self.addEventListener('message', async ({ data }) => {
  const { id, type } = data;
  try {
    if (type === 'init') {
      self.postMessage({ id, type: 'done', reply: await init(data) });
    } else if (type === 'run') {
      const { reply, transfer } = await run(data);
      self.postMessage({ id, type: 'done', reply }, transfer);
    }
  } catch (error) {
    self.postMessage({ id, type: 'failed', message: error?.message ?? String(error) });
  }
});
