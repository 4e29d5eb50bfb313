// "Your machine": measures what this computer and browser give parallel work
// (one worker's compute rate, memory bandwidth with 1..k workers, messages,
// wake-ups, worker start-up, a round trip to the server), each figure with its
// spread and a sentence on what it means. The probes that need Web Workers are
// in engine/probes.js; this module orders the measurements and summarises
// them. Knows nothing of the DOM.
import { experimentById } from '../experiments/index.js';
import { checkSweepOptions } from './lab.js';
import { median } from './stats.js';

/** The q-quantile (0 ≤ q ≤ 1) of `values`, interpolating linearly between the two nearest ranks. */
export function quantile(values, q) {
  if (values.length === 0) throw new Error('quantile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

// With fewer samples, p10 and p90 would be little more than the extremes.
const FEW_SAMPLES = 10;

/**
 * A figure's median and spread: p10–p90 from 10 samples on (a few outliers,
 * such as a descheduled worker, do not widen it), else min–max.
 */
export function spread(values) {
  if (values.length === 0) throw new Error('spread of no values');
  const many = values.length >= FEW_SAMPLES;
  return {
    median: median(values),
    low: many ? quantile(values, 0.1) : Math.min(...values),
    high: many ? quantile(values, 0.9) : Math.max(...values),
    range: many ? 'p10–p90' : 'min–max',
    samples: values.length,
  };
}

/** The worker counts whose bandwidth is measured: every k up to 8, then doubling, and the core count itself. */
export function bandwidthWorkerCounts(cores) {
  const ks = [];
  for (let k = 1; k <= Math.max(cores, 2); k = k < 8 ? k + 1 : k * 2) ks.push(k);
  if (ks.at(-1) !== Math.max(cores, 2)) ks.push(Math.max(cores, 2));
  return ks;
}

/**
 * Per worker count, the bandwidth's spread and its gain over one worker (best
 * against best), and where the gain stops: `flattensAt` is the first k whose
 * gain adds less than a quarter of what one more core would add ideally, or null.
 */
export function bandwidthSummary(gbPerSByK) {
  const rows = Object.entries(gbPerSByK).map(([k, rates]) => ({ k: Number(k), ...spread(rates), best: Math.max(...rates) }))
    .sort((a, b) => a.k - b.k);
  const one = rows.find((r) => r.k === 1);
  if (!one) throw new Error('The bandwidth of one worker is the baseline: measure k = 1.');
  for (const row of rows) Object.assign(row, { gain: row.best / one.best, gainLow: row.low / one.best, gainHigh: row.high / one.best });
  let flattensAt = null;
  for (let i = 1; i < rows.length && flattensAt === null; i++) {
    const [before, at] = [rows[i - 1], rows[i]];
    if (at.gain - before.gain < 0.25 * (at.k - before.k)) flattensAt = at.k;
  }
  const top = rows.reduce((a, b) => (b.best > a.best ? b : a));
  return { rows, flattensAt, ceiling: top.gain, bestK: top.k };
}

// The compute probe: toasts on one worker, a fixed amount of the lab's unit of work (rounds of `spin`).
const COMPUTE_PROBE = { toasts: 100, toast_work: 200, chunk_overhead: 0, toasts_per_chunk: 1 };
const ROUNDS_PER_RUN = COMPUTE_PROBE.toasts * COMPUTE_PROBE.toast_work * 1000;

/** Rounds of work per second from the probe's run times in ms. */
export function roundsPerSecond(timesMs) {
  return timesMs.map((ms) => ROUNDS_PER_RUN / (ms / 1000));
}

const fixed = (x, digits) => x.toFixed(digits);
/** "median 29 µs (p10–p90 27–38, 100 samples)" */
const range = (s, format, unit) => `median ${format(s.median)} ${unit} (${s.range} ${format(s.low)}–${format(s.high)}, ${s.samples} samples)`;
const us = (x) => (x < 10 ? fixed(x, 1) : fixed(x, 0));
const ms = (x) => (x < 10 ? fixed(x, 2) : fixed(x, 1));

/**
 * The sentences the panel shows, one per figure, written from the figures
 * themselves: `{ id, title, value, explanation }` (value null: not measured here, and why in the explanation).
 */
export function machineFindings(machine) {
  const { cores, compute, bandwidth, dispatch, message, wakeUp, workerStart, server } = machine;
  const findings = [{
    id: 'cores', title: 'Logical cores', value: cores.reported ? `${cores.reported} (the browser's figure, not measured)` : 'not reported',
    explanation: 'navigator.hardwareConcurrency counts logical cores: two hyperthreads of one physical core count twice but share its units. '
      + 'A browser may report fewer or more than there are, to make a machine harder to recognise or to limit how many workers a page starts (WebKitGTK reported 4 on a 2-core machine), '
      + 'and other programs use the same cores. CPU-bound speedups stop at the cores the work really gets.',
  }];
  findings.push(compute.error ? { id: 'compute', title: 'Compute, one worker', value: null, explanation: compute.error } : {
    id: 'compute', title: 'Compute, one worker', value: range(spread(compute.roundsPerS.map((r) => r / 1e6)), (x) => fixed(x, 0), 'M rounds/s'),
    explanation: `One worker did ${ROUNDS_PER_RUN / 1e6} M rounds of the lab's unit of work (toasts: 100 toasts of 200 k rounds) per run, on the ${compute.engine} engine. `
      + `A toast of 200 k rounds thus takes about ${fixed(200e3 / median(compute.roundsPerS) * 1e3, 2)} ms here: every "work" knob of the lab is in these rounds.`,
  });
  if (bandwidth.error) findings.push({ id: 'bandwidth', title: 'Memory bandwidth', value: null, explanation: bandwidth.error });
  else {
    const summary = bandwidthSummary(bandwidth.gbPerSByK);
    const one = summary.rows[0];
    const top = summary.rows.find((r) => r.k === summary.bestK);
    findings.push({
      id: 'bandwidth', title: 'Memory bandwidth, 1..k workers',
      value: `1 worker: ${range(one, (x) => fixed(x, 1), 'GB/s')}; best ${fixed(top.best, 1)} GB/s with ${top.k}`,
      explanation: `STREAM's triad (a = b + q·c over ${bandwidth.megabytes} MB of arrays) with 1 to ${summary.rows.at(-1).k} workers. `
        + `All ${summary.rows.at(-1).k} together streamed at most ${fixed(summary.ceiling, 2)}× what one did`
        + (summary.flattensAt !== null
          ? `, and the gain flattened at k = ${summary.flattensAt}: work that only streams memory (a cheap function over a big table) cannot go faster than ${fixed(summary.ceiling, 2)}× here, whatever the cores.`
          : ': up to these k the memory kept up with the workers.'),
    });
  }
  findings.push(dispatch.error ? { id: 'dispatch', title: 'Empty parallel region', value: null, explanation: dispatch.error } : {
    id: 'dispatch', title: `Empty parallel region, ${dispatch.k} workers`, value: range(spread(dispatch.timesUs), us, 'µs'),
    explanation: 'The fixed cost of every parallel step on the threads engine: wake the pool\'s workers, give each nothing to do, wait for all. '
      + 'A step shorter than a few times this cannot gain from more workers.',
  });
  findings.push(message.error ? { id: 'message', title: 'Message round trip', value: null, explanation: message.error } : {
    id: 'message', title: 'Message round trip between two workers', value: range(spread(message.timesUs), us, 'µs'),
    explanation: 'postMessage from one worker to another and back (each sample the mean of '
      + `${message.perSample} round trips): what the processes engine pays at least for each chunk it sends and each answer, on top of copying the data.`,
  });
  findings.push(wakeUp.error ? { id: 'wake-up', title: 'Wake-up', value: null, explanation: wakeUp.error } : {
    id: 'wake-up', title: 'Wake-up round trip (Atomics.wait / notify)', value: range(spread(wakeUp.timesUs), us, 'µs'),
    explanation: `One worker wakes another that sleeps in Atomics.wait, and is woken by it in turn (each sample the mean of ${wakeUp.perSample} round trips, so two wake-ups each): `
      + 'how threads that share memory hand over work or a lock, without messages.',
  });
  findings.push(workerStart.error ? { id: 'worker-start', title: 'Starting a worker', value: null, explanation: workerStart.error } : {
    id: 'worker-start', title: 'Starting a worker', value: range(spread(workerStart.timesMs), ms, 'ms'),
    explanation: 'From new Worker() to its first message, for a tiny script. parlab\'s helpers also load and compile the wasm module, so their pool start-up in a sweep is larger; '
      + 'it is why engines keep their workers between sweeps, as a process pool does.',
  });
  findings.push(server.error ? { id: 'server', title: 'Round trip to the server', value: null, explanation: server.error } : {
    id: 'server', title: 'Round trip to the page\'s server', value: range(spread(server.timesMs), ms, 'ms'),
    explanation: `A small file fetched from ${server.host} with the cache off (the course's "ping test"). In a cluster every step that needs data from another machine `
      + `(a shuffle, a broadcast, collecting results) is such a network hop: at ${ms(median(server.timesMs))} ms a hop, a step shorter than that cannot gain from spreading it over machines.`,
  });
  return findings;
}

/** The figures the what-if model uses: { k → best GB/s }, or null without a bandwidth measurement. */
export function bandwidthForWhatIf(machine) {
  if (!machine?.bandwidth || machine.bandwidth.error) return null;
  return Object.fromEntries(bandwidthSummary(machine.bandwidth.gbPerSByK).rows.map((r) => [r.k, r.best]));
}

/** Runs `measure`; a failure becomes `{ error }` so that one missing figure does not hide the others. */
async function attempt(measure) {
  try {
    return await measure();
  } catch (error) {
    return { error: error.message };
  }
}

const NEEDS_THREADS = 'Not measured: it needs the threads engine, which this page cannot use (it is not cross-origin isolated).';

/**
 * Measures this machine. `lab` (lab.js) runs the compute probe and the
 * threads engine's bandwidth and dispatch; `probes` (engine/probes.js) time
 * plain workers; `serverUrl` is a small file of the page's own server.
 * `onProgress(text)` names each step as it starts. Resolves with every figure
 * (each one's samples, or `{ error }`), as `window.parlab.measureMachine()` returns it.
 */
export async function measureMachine({ lab, probes, serverUrl, cores, onProgress = () => {} }) {
  const threads = lab.engines.includes('threads');
  const machine = { cores: { reported: cores ?? null }, date: new Date().toISOString() };
  onProgress('compute rate of one worker');
  machine.compute = await attempt(async () => {
    const toasts = experimentById('toasts');
    const settings = checkSweepOptions(toasts, { params: COMPUTE_PROBE, workers: '1', repetitions: 7 }, cores ?? 1, lab.engines);
    const { record } = await lab.measure(toasts, settings);
    return { engine: settings.engine, roundsPerS: roundsPerSecond(record.runs.map((r) => r.timeMs)) };
  });
  const megabytes = 48;
  machine.bandwidth = threads ? await attempt(async () => {
    const gbPerSByK = {};
    for (const k of bandwidthWorkerCounts(cores ?? 1)) {
      onProgress(`memory bandwidth with ${k} worker${k > 1 ? 's' : ''}`);
      gbPerSByK[k] = await lab.measureBandwidth(k, megabytes, 7);
    }
    return { megabytes, gbPerSByK };
  }) : { error: NEEDS_THREADS };
  const k = Math.max(2, cores ?? 2);
  onProgress(`an empty parallel region on ${k} workers`);
  machine.dispatch = threads ? await attempt(async () => ({ k, timesUs: await lab.measureDispatch(k, 200, 10) })) : { error: NEEDS_THREADS };
  onProgress('message round trips between two workers');
  machine.message = await attempt(() => probes.messageRoundTrips(100, 10));
  onProgress('wake-ups between two workers');
  machine.wakeUp = await attempt(() => probes.wakeUpRoundTrips(100, 10));
  onProgress('starting workers');
  machine.workerStart = await attempt(() => probes.workerStarts(10));
  onProgress('round trips to the server');
  machine.server = await attempt(() => serverRoundTrips(serverUrl, 10));
  return machine;
}

/** Times `count` fetches of `url` with the cache off; a failure says the server could not be reached. */
async function serverRoundTrips(url, count) {
  const timesMs = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    let response;
    try {
      response = await fetch(url, { cache: 'no-store' });
      await response.arrayBuffer();
    } catch {
      throw new Error('Not measured: the server did not answer (the network may be off). The lab itself works offline once visited.');
    }
    if (!response.ok) throw new Error(`Not measured: the server answered ${response.status} for ${new URL(url).pathname}.`);
    timesMs.push(performance.now() - started);
  }
  return { host: new URL(url).host, timesMs };
}
