// One "process" of the share-nothing engine: its own wasm instance (the build
// without shared memory), nothing shared with anyone. It receives messages
// (prepare its data, run a chunk of tasks, run a reducer) and answers them one
// after another in the order they came (an asynchronous cook's machines run
// meanwhile). Served unbundled next to pkg-single/, which it loads by relative URL.
import init, { injectFault, preparePart, runChunk, runReducer } from './pkg-single/parlab_single.js';

const clock = () => performance.timeOrigin + performance.now();
const loaded = init();
// The coordinator may send the next chunk before this one is done; it waits here.
let previous = Promise.resolve();
// What the coordinator broadcast to this process for its run (a small table), kept for the run's later chunks.
let broadcast = { runId: null, bytes: undefined };

function compute(message) {
  const { type, experiment, params } = message;
  if (type === 'prepare') return { hasData: preparePart(experiment, params, message.worker, message.workers) };
  if (type === 'reduce') return runReducer(experiment, params, message.reducer, message.buckets);
  if (message.broadcast) broadcast = { runId: message.runId, bytes: message.broadcast };
  const shared = broadcast.runId === message.runId ? broadcast.bytes : undefined;
  // Tests only (docs/instructors.md, "Testing hooks"): panics here, as a chunk would.
  if (message.faultInjection) injectFault(message.faultInjection);
  return runChunk(experiment, params, message.first, message.count, message.workers, message.data, shared);
}

async function answer(message, received) {
  try {
    await loaded;
    const started = clock();
    const { partial, waitMs, waitHoldsWorker = true, hasData, madeInput } = compute(message);
    const computed = clock();
    const buffers = partial === undefined ? [] : Array.isArray(partial) ? partial.map((bucket) => bucket.buffer) : [partial.buffer];
    // `waited`: the end of a wait that held this worker (the coordinator records it as waiting, not computing).
    const reply = (waited) => self.postMessage({ type: 'done', id: message.id, partial, hasData, madeInput, received, started, computed, waited }, buffers);
    // A waiting request, or a cook standing by a machine: this worker waits
    // without computing, like one blocked on I/O, and runs nothing else meanwhile.
    if (waitMs > 0 && waitHoldsWorker) {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      reply(clock());
      return;
    }
    // The asynchronous cook's machine runs by itself: this worker answers when
    // it is done and, meanwhile, goes on with the next message it was sent.
    if (waitMs > 0) setTimeout(() => reply(computed), waitMs);
    else reply(computed);
  } catch (error) {
    // A Rust panic arrives as a bare "unreachable" trap; its message was left by the panic hook.
    const text = self.parlabPanic ? `The computation stopped with an error: ${self.parlabPanic}` : error?.message ?? String(error);
    self.postMessage({ type: 'failed', id: message.id, message: text });
  }
}

self.addEventListener('message', ({ data: message }) => {
  if (message.type === 'hello') {
    loaded.then(() => self.postMessage({ type: 'ready' }), (error) => self.postMessage({ type: 'failed', message: `could not load the compute module: ${error.message}` }));
    return;
  }
  const received = clock();
  previous = previous.then(() => answer(message, received));
});
