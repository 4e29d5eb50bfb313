// The coordinator of the share-nothing ("processes") engine: k Web Workers,
// each with its own wasm instance and no shared memory. It splits the work,
// sends every chunk with its data by postMessage (transferring buffers), and
// merges the partial results with its own instance. It never blocks, so it
// hears Cancel between chunks. Works on pages that are not cross-origin isolated.
import { chunkSource } from './chunks.js';
import { answerRequests } from './coordinator-protocol.js';

const clock = () => performance.timeOrigin + performance.now();

let glue = null;
let processUrl = null;
const processes = [];
let cancelled = false;

async function init({ glueUrl, processUrl: url }) {
  processUrl = url;
  try {
    glue = await import(/* @vite-ignore */ glueUrl);
    await glue.default();
  } catch (error) {
    throw new Error(`Could not load the compute module from ${glueUrl} (${error.message}). If you run parlab from a checkout, 'npm start' builds it.`);
  }
  return {};
}

function startProcess() {
  return new Promise((resolve, reject) => {
    const worker = new Worker(processUrl, { type: 'module', name: `parlab-process-${processes.length}` });
    worker.addEventListener('message', ({ data }) => {
      if (data.type === 'ready') resolve(worker);
      else reject(new Error(`A process worker could not start: ${data.message}`));
    }, { once: true });
    worker.addEventListener('error', (event) => reject(new Error(`A process worker could not start: ${event.message || 'its script failed to load'}`)), { once: true });
    worker.postMessage({ type: 'hello' });
  });
}

// Process workers are started once and kept, like the threads engine's helpers.
async function ensureProcesses(k) {
  const started = performance.now();
  const starting = [];
  while (processes.length + starting.length < k) starting.push(startProcess());
  processes.push(...await Promise.all(starting));
  return { helperStartMs: performance.now() - started, poolBuildMs: 0 };
}

let nextMessageId = 1;

/** Sends one chunk to a process and resolves with its partial result and timings. */
function sendChunk(worker, message, transfer) {
  return new Promise((resolve, reject) => {
    const id = nextMessageId++;
    const settle = () => {
      worker.removeEventListener('message', answered);
      worker.removeEventListener('error', died);
    };
    const answered = ({ data }) => {
      if (data.id !== id) return;
      settle();
      if (data.type === 'done') resolve({ ...data, returned: clock() });
      else reject(new Error(data.message));
    };
    // A process that dies never answers: fail the chunk instead of waiting forever.
    const died = (event) => {
      settle();
      reject(new Error(`A process worker stopped: ${event.message || 'unknown error'}`));
    };
    worker.addEventListener('message', answered);
    worker.addEventListener('error', died);
    worker.postMessage({ ...message, id }, transfer);
  });
}

async function run({ experiment, params, k }) {
  const startup = await ensureProcesses(k);
  cancelled = false;
  const started = performance.now();
  const runStart = clock();
  const plan = glue.partition(experiment, params);
  const next = chunkSource(plan.schedule, plan.taskCount, k);
  const partials = [];
  const records = [];
  const at = (time) => time - runStart;

  const workerLoop = async (worker) => {
    for (let chunk = next(worker); chunk && !cancelled; chunk = next(worker)) {
      const [first, count] = chunk;
      const data = plan.input?.slice(first * plan.inputPerTask, (first + count) * plan.inputPerTask);
      const sent = clock();
      const reply = await sendChunk(processes[worker], { experiment, params, first, count, data }, data ? [data.buffer] : []);
      partials.push({ first, partial: reply.partial });
      const span = { worker, first_task: first, task_count: count };
      records.push(
        { ...span, what: 'send', start_ms: at(sent), end_ms: at(reply.received) },
        { ...span, what: plan.taskName, start_ms: at(reply.received), end_ms: at(reply.computed) },
        { ...span, what: 'receive', start_ms: at(reply.computed), end_ms: at(reply.returned) },
      );
    }
  };
  await Promise.all(Array.from({ length: k }, (_, worker) => workerLoop(worker)));
  if (cancelled) throw new Error('cancelled');

  partials.sort((a, b) => a.first - b.first);
  const mergeStart = clock();
  const merged = glue.mergePartials(experiment, params, partials.map((p) => p.partial));
  records.push({ worker: 'coordinator', what: 'merge', first_task: 0, task_count: plan.taskCount, start_ms: at(mergeStart), end_ms: at(clock()) });
  const timeMs = performance.now() - started;
  return {
    reply: { ...merged, workers: k, records, timeMs, ...startup, k },
    transfer: merged.counts ? [merged.counts.buffer] : [],
  };
}

// A failed chunk may leave its process's instance broken: start afresh next time.
function discardProcesses() {
  for (const worker of processes.splice(0)) worker.terminate();
}

answerRequests({
  init: async (request) => ({ reply: await init(request) }),
  run,
}, {
  onFailure: (type, error) => type === 'run' && error.message !== 'cancelled' && discardProcesses(),
});

// Cancel is not a request: it has no answer, and it must be heard while a run is under way.
self.addEventListener('message', ({ data }) => {
  if (data.type === 'cancel') cancelled = true;
});
