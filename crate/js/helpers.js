// Helper Web Workers for pools of any size (see src/wasm/pool.rs).
//
// This file is loaded twice over: the wasm-bindgen glue imports it to start
// helpers, and each helper Web Worker runs it as its script. Being its own
// worker script keeps it next to the glue in pkg/snippets, so it is served
// unbundled wherever the glue is.

const HELPER_NAME = 'parlab-helper';
let crashChannelName = null;
// Helpers started and not told to retire: those that serve pools.
let helpersServing = 0;
// Every helper Web Worker not yet ended, serving or retiring: what liveHelpers counts.
const liveWorkers = new Set();

/** Starts helpers, all at once, until `count` serve; resolves with the times (performance.now()) at which the new ones were ready, in order. */
export function startHelpers(module, memory, glueUrl, crashChannel, count) {
  crashChannelName = crashChannel;
  const starting = [];
  while (helpersServing < count) {
    helpersServing += 1;
    starting.push(startHelper({ module, memory, glueUrl, crashChannel }));
  }
  return Promise.all(starting).then((readyAt) => readyAt.sort((a, b) => a - b));
}

/** Lowers the count of serving helpers to at most `keep`; returns how many must retire (see retireHelpers in pool.rs). */
export function helpersToRetire(keep) {
  const retiring = Math.max(0, helpersServing - keep);
  helpersServing -= retiring;
  return retiring;
}

function startHelper(init) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { type: 'module', name: HELPER_NAME });
    liveWorkers.add(worker);
    // A helper that could not start is of no use: end it, so that it is not counted as alive.
    const failed = (message) => {
      worker.terminate();
      liveWorkers.delete(worker);
      reject(new Error(`A helper worker could not start: ${message}`));
    };
    worker.addEventListener('message', ({ data }) => {
      if (data === 'ready') resolve(performance.now());
      // It has left the helpers' queue and freed its stack: nothing of it is in use any more.
      else if (data === 'retired') {
        worker.terminate();
        liveWorkers.delete(worker);
      } else failed(data.error);
    });
    worker.addEventListener('error', (event) => failed(event.message || 'its script failed to load'), { once: true });
    worker.postMessage(init);
  });
}

export function liveHelpers() {
  return liveWorkers.size;
}

export function reportPanic(message) {
  console.error(`parlab: Rust panic: ${message}`);
  announceCrash(`The computation stopped with an error inside a worker: ${message}`);
}

function announceCrash(message) {
  if (!crashChannelName) return;
  const channel = new BroadcastChannel(crashChannelName);
  channel.postMessage({ type: 'crash', message });
  channel.close();
}

async function runAsHelper({ module, memory, glueUrl, crashChannel }) {
  crashChannelName = crashChannel;
  let glue;
  let exports;
  try {
    glue = await import(glueUrl);
    exports = await glue.default({ module_or_path: module, memory });
  } catch (error) {
    postMessage({ error: String(error) });
    return;
  }
  postMessage('ready');
  try {
    glue.runHelper();
  } catch (error) {
    announceCrash(`A worker thread stopped: ${error}`);
    return;
  }
  // runHelper returns only when this helper retires: give its stack and
  // thread-local storage back to the shared memory, then ask to be ended.
  exports.__wbindgen_thread_destroy();
  postMessage('retired');
}

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope && self.name === HELPER_NAME) {
  self.addEventListener('message', ({ data }) => runAsHelper(data), { once: true });
}
