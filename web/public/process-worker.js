// One "process" of the share-nothing engine: its own wasm instance (the build
// without shared memory), nothing shared with anyone. It receives chunks of
// tasks with their data by message, runs them one after another in the order
// they came, and sends each partial result back. Served unbundled next to
// pkg-single/, which it loads by relative URL.
import init, { injectFault, runChunk } from './pkg-single/parlab_single.js';

const clock = () => performance.timeOrigin + performance.now();
const loaded = init();
// The coordinator may send the next chunk before this one is done; it waits here.
let previous = Promise.resolve();

async function runOne(message, received) {
  try {
    await loaded;
    const started = clock();
    const { experiment, params, first, count, data, faultInjection } = message;
    // Tests only (README, "Testing hooks"): panics here, as a chunk would.
    if (faultInjection) injectFault(faultInjection);
    const { partial, waitMs } = runChunk(experiment, params, first, count, data);
    // A waiting request: this worker waits without computing, like one blocked on I/O.
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    self.postMessage({ type: 'done', id: message.id, partial, received, started, computed: clock() }, [partial.buffer]);
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
  previous = previous.then(() => runOne(message, received));
});
