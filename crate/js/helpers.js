// Helper Web Workers for pools of any size (see src/wasm/pool.rs).
//
// This file is loaded twice over: the wasm-bindgen glue imports it to start
// helpers, and each helper Web Worker runs it as its script. Being its own
// worker script keeps it next to the glue in pkg/snippets, so it is served
// unbundled wherever the glue is.

const HELPER_NAME = 'parlab-helper';
let crashChannelName = null;
let helpersStarted = 0;
const liveWorkers = new Set();

export function startHelpers(module, memory, glueUrl, crashChannel, count) {
  crashChannelName = crashChannel;
  const starting = [];
  while (helpersStarted < count) {
    helpersStarted += 1;
    starting.push(startHelper({ module, memory, glueUrl, crashChannel }));
  }
  return Promise.all(starting).then(() => helpersStarted);
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
      if (data === 'ready') resolve();
      else failed(data.error);
    }, { once: true });
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
  try {
    glue = await import(glueUrl);
    await glue.default({ module_or_path: module, memory });
  } catch (error) {
    postMessage({ error: String(error) });
    return;
  }
  postMessage('ready');
  try {
    glue.runHelper();
  } catch (error) {
    announceCrash(`A worker thread stopped: ${error}`);
  }
}

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope && self.name === HELPER_NAME) {
  self.addEventListener('message', ({ data }) => runAsHelper(data), { once: true });
}
