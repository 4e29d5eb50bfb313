// Helper Web Workers for pools of any size (see src/wasm/pool.rs).
//
// This file is loaded twice over: the wasm-bindgen glue imports it to start
// helpers, and each helper Web Worker runs it as its script (a copy in memory,
// see helperScripts). Being its own worker script keeps it next to the glue in
// pkg/snippets, so it is served unbundled wherever the glue is.

const HELPER_NAME = 'parlab-helper';
let crashChannelName = null;
// Helpers started: those that serve pools. They live as long as this engine.
let helpersServing = 0;
// Every helper Web Worker that started or is starting: what liveHelpers counts.
const liveWorkers = new Set();
// Settles once every helper asked for so far has started (or failed to). A
// pool must not be built before: its builder blocks this thread until its
// threads run, and one built while helpers were starting never ended.
let allStarted = Promise.resolve();

/** How many helpers startHelpers(…, count, …) would start now. */
export function helpersMissing(count) {
  return Math.max(0, count - helpersServing);
}

/**
 * Starts helpers, all at once, until `count` serve, each with a stack of
 * `stackBytes`; resolves with the times (performance.now()) at which the new
 * ones were ready, in order.
 */
export async function startHelpers(module, memory, glueUrl, crashChannel, count, stackBytes) {
  crashChannelName = crashChannel;
  const missing = helpersMissing(count);
  helpersServing += missing;
  if (missing === 0) {
    // Enough are asked for, but some may still be starting for another caller.
    await allStarted;
    return [];
  }
  const started = helperScripts(glueUrl).then((scripts) => Promise.all(Array.from({ length: missing },
    () => startHelper(scripts.helper, { module, memory, glueUrl: scripts.glue, crashChannel, stackBytes }))));
  allStarted = Promise.all([allStarted, started]).then(() => {}, () => {});
  return (await started).sort((a, b) => a - b);
}

/** Fetches the helpers' two scripts ahead of the first start (see helperScripts). */
export async function loadHelperScripts(glueUrl) {
  await helperScripts(glueUrl);
}

let helperScriptsOnce = null;

/**
 * The URLs a helper loads its two scripts from (this one and the glue): copies
 * in memory, fetched once. Loaded from the server, every helper would fetch
 * both anew, one after the other, and a host that asks browsers to revalidate
 * (as Vite and many hosts do) makes that two round trips per helper: most of
 * a helper's start-up. The glue's import of this file is pointed at the copy
 * of it, so that a helper's glue and its script are one module, as they are
 * when loaded from the server. Glue of another shape (more imports of its
 * own) is loaded from the server as before.
 */
function helperScripts(glueUrl) {
  helperScriptsOnce ??= (async () => {
    const fromServer = { helper: import.meta.url, glue: glueUrl };
    const glueFolder = new URL('.', glueUrl).href;
    if (!import.meta.url.startsWith(glueFolder)) return fromServer;
    const [helperText, glueText] = await Promise.all([import.meta.url, glueUrl].map(textOf));
    const helper = inMemory(helperText);
    const specifier = `./${import.meta.url.slice(glueFolder.length)}`;
    const glue = [`'`, `"`].reduce((text, quote) => text.replaceAll(`from ${quote}${specifier}${quote}`, `from ${quote}${helper}${quote}`), glueText);
    if (/from\s*['"]\./.test(glue)) {
      URL.revokeObjectURL(helper);
      return fromServer;
    }
    return { helper, glue: inMemory(glue) };
  })();
  // A failed fetch is tried again by the next start.
  helperScriptsOnce.catch(() => { helperScriptsOnce = null; });
  return helperScriptsOnce;
}

async function textOf(url) {
  const response = await fetch(url).catch((error) => {
    throw new Error(`A helper worker could not start: ${url} could not be fetched (${error.message}).`);
  });
  if (!response.ok) throw new Error(`A helper worker could not start: ${url} answered ${response.status}.`);
  return response.text();
}

const inMemory = (text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));

function startHelper(scriptUrl, init) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(scriptUrl, { type: 'module', name: HELPER_NAME });
    liveWorkers.add(worker);
    // A helper that could not start is of no use: end it, so that it is not counted as alive.
    const failed = (message) => {
      worker.terminate();
      liveWorkers.delete(worker);
      reject(new Error(`A helper worker could not start: ${message}`));
    };
    worker.addEventListener('message', ({ data }) => {
      if (data === 'ready') resolve(performance.now());
      else failed(data.error);
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

async function runAsHelper({ module, memory, glueUrl, crashChannel, stackBytes }) {
  crashChannelName = crashChannel;
  let glue;
  try {
    glue = await import(glueUrl);
    await glue.default({ module_or_path: module, memory, thread_stack_size: stackBytes });
  } catch (error) {
    postMessage({ error: String(error) });
    return;
  }
  postMessage('ready');
  // runHelper serves pools until the engine's worker, and this one with it, is ended.
  try {
    glue.runHelper();
  } catch (error) {
    announceCrash(`A worker thread stopped: ${error}`);
  }
}

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope && self.name === HELPER_NAME) {
  self.addEventListener('message', ({ data }) => runAsHelper(data), { once: true });
}
