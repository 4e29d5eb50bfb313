// Times, with bare Web Workers (probe-worker.js), the costs underneath both
// engines: starting a worker, a postMessage round trip between two workers,
// and an Atomics.wait/notify wake-up between two workers sharing memory.
// Every worker started here is ended before its promise settles.

const PROBE_TIMEOUT_MS = 30_000;

function startProbe() {
  // A literal URL, so that Vite bundles the probe as a worker.
  return new Worker(new URL('./probe-worker.js', import.meta.url), { type: 'module', name: 'parlab-probe' });
}

/** The next message of `type` from `worker`, or an Error if the worker fails or stays silent. */
function nextMessage(worker, type) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`A probe worker did not answer within ${PROBE_TIMEOUT_MS / 1000} s.`)), PROBE_TIMEOUT_MS);
    const onMessage = ({ data }) => { if (data.type === type) finish(null, data); };
    const onError = (event) => {
      event.preventDefault();
      finish(new Error(`A probe worker failed: ${event.message || 'its script could not be loaded'}.`));
    };
    function finish(error, data) {
      clearTimeout(timer);
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      if (error) reject(error);
      else resolve(data);
    }
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
  });
}

/** Runs `use(workers)` on `count` started probes, and ends them whatever happens. */
async function withProbes(count, use) {
  const workers = Array.from({ length: count }, startProbe);
  try {
    await Promise.all(workers.map((worker) => nextMessage(worker, 'ready')));
    return await use(workers);
  } finally {
    for (const worker of workers) worker.terminate();
  }
}

/** From `new Worker()` to the worker's first message, `count` times one after the other: ms each. */
export async function workerStarts(count) {
  const timesMs = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const worker = startProbe();
    try {
      await nextMessage(worker, 'ready');
      timesMs.push(performance.now() - started);
    } finally {
      worker.terminate();
    }
  }
  return { timesMs };
}

/** postMessage round trips between two workers (a MessageChannel between them): µs, each sample the mean of `perSample`. */
export function messageRoundTrips(samples, perSample) {
  return withProbes(2, async ([lead, echo]) => {
    const { port1, port2 } = new MessageChannel();
    const echoing = nextMessage(echo, 'echoing');
    echo.postMessage({ type: 'echo-messages', port: port2 }, [port2]);
    await echoing;
    const timed = nextMessage(lead, 'timed');
    lead.postMessage({ type: 'time-messages', port: port1, samples, perSample }, [port1]);
    return { perSample, timesUs: (await timed).timesUs };
  });
}

/** Atomics.wait/notify round trips between two workers on one shared cell: µs, each sample the mean of `perSample`. */
export function wakeUpRoundTrips(samples, perSample) {
  if (typeof SharedArrayBuffer !== 'function' || !globalThis.crossOriginIsolated) {
    return Promise.reject(new Error('Not measured: Atomics.wait needs memory shared between workers, which this page, not cross-origin isolated, does not get.'));
  }
  return withProbes(2, async ([lead, echo]) => {
    const buffer = new SharedArrayBuffer(4);
    const echoing = nextMessage(echo, 'echoing');
    echo.postMessage({ type: 'echo-wake-ups', buffer });
    await echoing;
    const timed = nextMessage(lead, 'timed');
    lead.postMessage({ type: 'time-wake-ups', buffer, samples, perSample });
    return { perSample, timesUs: (await timed).timesUs };
  });
}
