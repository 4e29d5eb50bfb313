// The coordinator of the share-nothing ("processes") engine: k Web Workers,
// each with its own wasm instance and no shared memory. It splits the work,
// sends every chunk with its data by postMessage (transferring buffers), and
// merges the partial results with its own instance. It never blocks, so it
// hears Cancel between chunks. Works on pages that are not cross-origin isolated.
import { chunkSource, readyTaskSource, recordLane } from './chunks.js';
import { RunRecorder } from './run-recorder.js';
import { answerRequests } from './coordinator-protocol.js';
import { CancelledError } from './cancellation.js';
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
  await startMissing(k);
  return { helperStartMs: performance.now() - started, poolBuildMs: 0 };
}

// Starts processes all at once until `count` run, noting each new count's cold
// start-up (when its last process was ready), as engine-worker.js does.
async function startMissing(count) {
  const runningFor = coldStartMs.at(-1) ?? 0;
  const started = performance.now();
  const missing = Array.from({ length: count - processes.length }, () => startProcess().then((worker) => ({ worker, readyAt: performance.now() })));
  for (const { worker, readyAt } of (await Promise.all(missing)).sort((a, b) => a.readyAt - b.readyAt)) {
    processes.push(worker);
    coldStartMs.push(runningFor + readyAt - started);
  }
}

// Makes sure `count` process workers run (see warmUp in engine-worker.js).
async function warmUp({ count }) {
  await startMissing(count);
  return { reply: { coldStartMs } };
}

let nextMessageId = 1;

/** Sends a process one message (a chunk, a reducer's buckets, a prepare) and resolves with its answer and timings. */
function ask(worker, message, transfer) {
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

/** The bytes of a partial result: one typed array, or an array of buckets. */
function byteLengthOf(partial) {
  return Array.isArray(partial) ? partial.reduce((sum, bucket) => sum + bucket.byteLength, 0) : partial.byteLength;
}

let nextRunId = 1;

/**
 * `inFlight` chunks per process at a time: with 1, a process idles while its
 * answer travels back and the next chunk travels to it; with 2, the next chunk
 * waits in its queue, so only the first send and the last receive cost time.
 */
async function run({ experiment, params, k, inFlight = 2, faultInjection }) {
  const startup = await ensureProcesses(k);
  cancelled = false;
  const runId = nextRunId++;
  // Each process makes the data its tasks read before the clock starts (not part of T(k)), as data already
  // stored where it is processed; the same data is kept for the next run.
  const preparing = performance.now();
  const prepared = await Promise.all(processes.slice(0, k).map((worker, w) => ask(worker, { type: 'prepare', experiment, params, worker: w, workers: k })));
  const dataMs = prepared.some((answer) => answer.hasData) ? performance.now() - preparing : undefined;

  const started = performance.now();
  const runStart = clock();
  const plan = glue.partition(experiment, params, k);
  // A task graph sends each task once the tasks it waits for are back.
  const next = plan.dependencies ? readyTaskSource(plan.dependencies) : chunkSource(plan.schedule, plan.taskCount, k);
  const partials = [];
  const chunksByWorker = Array.from({ length: k }, () => []);
  // What travelled by message, by phase: data out with the chunks (scatter), buckets from the chunks to the
  // reducers (shuffle, relayed here but counted once), results back (gather).
  const bytesMoved = { scatter: 0, shuffle: 0, gather: 0 };
  const haveBroadcast = new Set();
  // Whether a process made input inside a chunk (read an image the first time it was given it): see runSweep's warm-ups.
  let madeInput = false;

  const sender = async (worker) => {
    for (let chunk = await next(worker); chunk && !cancelled; chunk = await next(worker)) {
      const [first, count] = chunk;
      // A chunk that needs all of the input takes its buffer as it is (no other chunk reads it); others get a copy of their part.
      const wholeInput = first === 0 && count * plan.inputPerTask >= plan.input?.length;
      const data = wholeInput ? plan.input : plan.input?.slice(first * plan.inputPerTask, (first + count) * plan.inputPerTask);
      // The broadcast goes with a process's first chunk; it keeps it for the rest of the run.
      const broadcast = plan.broadcast && !haveBroadcast.has(worker) ? plan.broadcast : undefined;
      if (broadcast) haveBroadcast.add(worker);
      const sent = clock();
      // Counted before sending: a transferred buffer is empty on this side afterwards.
      bytesMoved.scatter += (data?.byteLength ?? 0) + (broadcast?.byteLength ?? 0);
      // Tests only (docs/instructors.md, "Testing hooks"): the process that gets task 0 panics.
      const fault = first === 0 ? faultInjection : undefined;
      const reply = await ask(processes[worker], { type: 'chunk', runId, experiment, params, first, count, workers: k, data, broadcast, faultInjection: fault }, data ? [data.buffer] : []);
      partials.push({ first, partial: reply.partial });
      madeInput ||= Boolean(reply.madeInput);
      bytesMoved[plan.shuffle ? 'shuffle' : 'gather'] += byteLengthOf(reply.partial);
      next.done?.(first);
      chunksByWorker[worker].push({ first, count, sent, started: reply.started, computed: reply.computed, waited: reply.waited, returned: reply.returned });
    }
  };
  await Promise.all(Array.from({ length: k * inFlight }, (_, i) => sender(i % k)));
  if (cancelled) throw new CancelledError();
  // In the order each process started them: an asynchronous cook's answers come back as its machines finish.
  for (const chunks of chunksByWorker) chunks.sort((a, b) => a.started - b.started);
  const recorder = new RunRecorder(runStart);
  chunksByWorker.forEach((chunks, worker) => recordLane(recorder, chunks, { worker, taskName: plan.taskName }));

  partials.sort((a, b) => a.first - b.first);
  let toMerge = partials.map((p) => p.partial);
  if (plan.shuffle) {
    toMerge = await reduce(plan.shuffle, toMerge, { experiment, params, k, recorder, bytesMoved });
  }
  const mergeStart = clock();
  const merged = glue.mergePartials(experiment, params, toMerge);
  recorder.segment('merge', 'merge', 'merge', mergeStart, clock(), { count: plan.taskCount });
  const timeMs = performance.now() - started;
  return {
    reply: { ...merged, workers: k, records: recorder.records, totals: recorder.totals, spanMs: clock() - runStart, timeMs, bytesMoved, madeInput, ...(dataMs !== undefined && { dataMs }), ...startup, k },
    transfer: Object.values(merged.arrays).map((array) => array.buffer),
  };
}

/**
 * The reduce round of a shuffle: reducer r gets bucket r of every chunk's
 * partial (in task order) and runs on process r mod k. Resolves with the
 * reducers' partials in reducer order; records their lanes in `recorder`,
 * where the wait for the buckets to arrive is called "shuffle: receive".
 */
async function reduce({ reducers, reducerName }, bucketLists, { experiment, params, k, recorder, bytesMoved }) {
  const reduced = new Array(reducers);
  const chunksByWorker = Array.from({ length: k }, () => []);
  const reducer = async (worker) => {
    for (let r = worker; r < reducers && !cancelled; r += k) {
      const buckets = bucketLists.map((buckets) => buckets[r]);
      const sent = clock();
      const reply = await ask(processes[worker], { type: 'reduce', experiment, params, reducer: r, buckets }, buckets.map((bucket) => bucket.buffer));
      reduced[r] = reply.partial;
      bytesMoved.gather += byteLengthOf(reply.partial);
      chunksByWorker[worker].push({ first: r, count: 1, sent, started: reply.started, computed: reply.computed, waited: reply.waited, returned: reply.returned });
    }
  };
  await Promise.all(Array.from({ length: Math.min(k, reducers) }, (_, worker) => reducer(worker)));
  if (cancelled) throw new CancelledError();
  chunksByWorker.forEach((chunks, worker) => recordLane(recorder, chunks, { worker, taskName: reducerName, arrivalName: 'shuffle: receive' }));
  return reduced;
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
  onFailure: (type) => type === 'run' && discardProcesses(),
});

// Cancel is not a request: it has no answer, and it must be heard while a run is under way.
self.addEventListener('message', ({ data }) => {
  if (data.type === 'cancel') cancelled = true;
});
