// The coordinator of the share-nothing ("processes") engine: k Web Workers,
// each with its own wasm instance and no shared memory. It splits the work,
// sends every chunk with its data by postMessage (transferring buffers), and
// merges the partial results with its own instance. It never blocks, so it
// hears Cancel between chunks. Works on pages that are not cross-origin isolated.
import { chunkSource, laneRecords, readyTaskSource } from './chunks.js';
import { answerRequests } from './coordinator-protocol.js';
import { loadFailure, wasmUrlOf } from './load-failure.js';

const clock = () => performance.timeOrigin + performance.now();

let glue = null;
let processUrl = null;
const processes = [];
// Every process worker not yet ended, ready or still starting: what liveWorkers counts.
const alive = new Set();
// As in the threads engine (engine-worker.js): coldStartMs[n - 1] is what
// starting the kept processes from none to n cost, measured when they started.
const coldStartMs = [];
let cancelled = false;

async function init({ glueUrl, processUrl: url }) {
  processUrl = url;
  try {
    glue = await import(/* @vite-ignore */ glueUrl);
    await glue.default();
  } catch (error) {
    throw await loadFailure('parlab\'s compute module', [glueUrl, wasmUrlOf(glueUrl)], error);
  }
  return {};
}

function startProcess() {
  return new Promise((resolve, reject) => {
    const worker = new Worker(processUrl, { type: 'module', name: `parlab-process-${processes.length}` });
    alive.add(worker);
    // A worker that could not start is ended at once; the reason may take a request to find.
    const failed = async (reason) => {
      worker.terminate();
      alive.delete(worker);
      reject(await reason);
    };
    worker.addEventListener('message', ({ data }) => {
      if (data.type === 'ready') resolve(worker);
      else failed(new Error(`A process worker could not start: ${data.message}`));
    }, { once: true });
    worker.addEventListener('error', (event) => {
      failed(event.message ? new Error(`A process worker could not start: ${event.message}`) : loadFailure('The process worker script', [processUrl], 'its script failed to load'));
    }, { once: true });
    worker.postMessage({ type: 'hello' });
  });
}

// Process workers are kept between runs, like the threads engine's helpers.
async function ensureProcesses(k) {
  const started = performance.now();
  const starting = [];
  while (processes.length + starting.length < k) starting.push(startProcess());
  processes.push(...await Promise.all(starting));
  return { helperStartMs: performance.now() - started, poolBuildMs: 0 };
}

// Leaves exactly `count` process workers (see warmUp in engine-worker.js).
// Between runs they wait for nothing, so ending them is safe.
async function warmUp({ count }) {
  coldStartMs.length = Math.min(coldStartMs.length, count);
  for (const worker of processes.splice(coldStartMs.length)) end(worker);
  while (coldStartMs.length < count) {
    const started = performance.now();
    processes.push(await startProcess());
    coldStartMs.push((coldStartMs.at(-1) ?? 0) + performance.now() - started);
  }
  return { reply: { coldStartMs } };
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

/**
 * `inFlight` chunks per process at a time: with 1, a process idles while its
 * answer travels back and the next chunk travels to it; with 2, the next chunk
 * waits in its queue, so only the first send and the last receive cost time.
 */
async function run({ experiment, params, k, inFlight = 2, faultInjection }) {
  const startup = await ensureProcesses(k);
  cancelled = false;
  const started = performance.now();
  const runStart = clock();
  const plan = glue.partition(experiment, params);
  // A task graph sends each task once the tasks it waits for are back.
  const next = plan.dependencies ? readyTaskSource(plan.dependencies) : chunkSource(plan.schedule, plan.taskCount, k);
  const partials = [];
  const chunksByWorker = Array.from({ length: k }, () => []);
  // What travelled by message: chunk data to the processes, partial results back.
  const bytesMoved = { sent: 0, received: 0 };

  const sender = async (worker) => {
    for (let chunk = await next(worker); chunk && !cancelled; chunk = await next(worker)) {
      const [first, count] = chunk;
      const data = plan.input?.slice(first * plan.inputPerTask, (first + count) * plan.inputPerTask);
      const sent = clock();
      // Counted before sending: a transferred buffer is empty on this side afterwards.
      bytesMoved.sent += data?.byteLength ?? 0;
      // Tests only (README, "Testing hooks"): the process that gets task 0 panics.
      const fault = first === 0 ? faultInjection : undefined;
      const reply = await sendChunk(processes[worker], { experiment, params, first, count, data, faultInjection: fault }, data ? [data.buffer] : []);
      partials.push({ first, partial: reply.partial });
      bytesMoved.received += reply.partial.byteLength;
      next.done?.(first);
      chunksByWorker[worker].push({ first, count, sent, started: reply.started, computed: reply.computed, returned: reply.returned });
    }
  };
  await Promise.all(Array.from({ length: k * inFlight }, (_, i) => sender(i % k)));
  if (cancelled) throw new Error('cancelled');
  const records = chunksByWorker.flatMap((chunks, worker) => laneRecords(chunks, { worker, taskName: plan.taskName, runStart }));
  const at = (time) => time - runStart;

  partials.sort((a, b) => a.first - b.first);
  const mergeStart = clock();
  const merged = glue.mergePartials(experiment, params, partials.map((p) => p.partial));
  records.push({ worker: 'coordinator', what: 'merge', first_task: 0, task_count: plan.taskCount, start_ms: at(mergeStart), end_ms: at(clock()) });
  const timeMs = performance.now() - started;
  return {
    reply: { ...merged, workers: k, records, timeMs, bytesMoved, ...startup, k },
    transfer: Object.values(merged.arrays).map((array) => array.buffer),
  };
}

// A failed chunk may leave its process's instance broken: start afresh next time.
function discardProcesses() {
  for (const worker of processes.splice(0)) end(worker);
  coldStartMs.length = 0;
}

function end(worker) {
  worker.terminate();
  alive.delete(worker);
}

answerRequests({
  init: async (request) => ({ reply: await init(request) }),
  warmUp,
  run,
  liveWorkers: async () => ({ reply: { helpers: alive.size } }),
}, {
  onFailure: (type, error) => type === 'run' && error.message !== 'cancelled' && discardProcesses(),
});

// Cancel is not a request: it has no answer, and it must be heard while a run is under way.
self.addEventListener('message', ({ data }) => {
  if (data.type === 'cancel') cancelled = true;
});
