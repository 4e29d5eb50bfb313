// One sweep at a time on the page's engine, whoever asks (the controls or the
// scripting API), turned into the record that history and exports keep.
import { CancelledError } from '../engine/cancellation.js';
import { sweepRecord } from './export.js';
import { measureFreeCores } from './quiet-check.js';
import { SWITCH_INTERVAL_MS, checkParam } from '../experiments/params.js';
import { runSweep } from './sweep.js';
import { parseWorkerList } from './worker-list.js';

export function entryLabel(experiment, values, engine, gil = null) {
  const shown = (p) => p.choices?.find((c) => c.value === values[p.name])?.label ?? values[p.name];
  const changed = experiment.params.filter((p) => values[p.name] !== p.default).map((p) => `${p.label.toLowerCase()} ${shown(p)}`);
  const lock = !gil ? [] : gil.held ? [`GIL ${gil.switchIntervalMs} ms`] : ['no GIL (processes)'];
  return [experiment.title.split(':')[0], ...changed, engine, ...lock].join(' · ');
}

export const DEFAULT_SWITCH_INTERVAL_MS = SWITCH_INTERVAL_MS.default;

/**
 * The GIL a sweep asked for, as the record keeps it: `held` is false on the
 * processes engine, which has no such lock (each process has its own interpreter).
 */
export function gilSetting(experiment, { gil, switchIntervalMs = DEFAULT_SWITCH_INTERVAL_MS }, engine) {
  if (!gil) return null;
  if (experiment.gil === false) throw new Error(`${experiment.title.split(':')[0]} cannot run under a GIL: ${experiment.noGilReason}`);
  if (typeof switchIntervalMs !== 'number' || !(switchIntervalMs >= SWITCH_INTERVAL_MS.min && switchIntervalMs <= SWITCH_INTERVAL_MS.max)) {
    throw new Error(`The GIL's switch interval must be a number of milliseconds from ${SWITCH_INTERVAL_MS.min} to ${SWITCH_INTERVAL_MS.max} (CPython's default is ${SWITCH_INTERVAL_MS.default}).`);
  }
  return { switchIntervalMs, held: engine === 'threads' };
}

/**
 * Why a page has no threads engine, in the page's own terms: it needs shared
 * memory, which a page has only when it is cross-origin isolated and the
 * browser offers SharedArrayBuffer there (WebKitGTK, for one, does not).
 */
const NO_THREADS_REASON = globalThis.crossOriginIsolated
  ? 'The threads engine needs shared memory (SharedArrayBuffer), which this browser does not offer even on this cross-origin isolated page. Use engine "processes".'
  : 'The threads engine needs shared memory, which a browser offers only to a cross-origin isolated page; this one is not. Use engine "processes".';

/** The faults that tests may inject (docs/instructors.md, "Testing hooks"); no control or URL sets them. */
export const FAULT_INJECTIONS = ['worker-panic'];

/**
 * Chunks the processes engine sends each process ahead of its answers: 1 shows
 * what a message round trip per chunk costs; 2 hides it behind the work.
 */
export const IN_FLIGHT_CHOICES = [1, 2];
export const DEFAULT_IN_FLIGHT = 2;

/**
 * Checks a sweep request from outside the form (API, URL): unknown parameter
 * names are refused, missing ones take their defaults.
 */
export function checkSweepOptions(experiment, { params = {}, workers = '1,2', repetitions = 3, mode = 'speedup', includeStartup = false, fitAllK = false, engine, gil = false, switchIntervalMs, faultInjection, inFlight = DEFAULT_IN_FLIGHT }, cores, engines) {
  for (const name of Object.keys(params)) {
    if (!experiment.params.some((p) => p.name === name)) throw new Error(`${experiment.id} has no parameter "${name}".`);
  }
  const values = Object.fromEntries(experiment.params.map((p) => [p.name, checkParam(p, String(params[p.name] ?? p.default))]));
  const { ks, note } = parseWorkerList(Array.isArray(workers) ? workers.join(',') : workers, experiment.maxWorkers(cores));
  if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > 20) throw new Error('Repetitions must be a whole number from 1 to 20.');
  if (mode !== 'speedup' && mode !== 'scaleup') throw new Error('Mode must be "speedup" or "scaleup".');
  if (!IN_FLIGHT_CHOICES.includes(inFlight)) throw new Error(`Chunks in flight per process must be ${IN_FLIGHT_CHOICES.join(' or ')}.`);
  checkProblemSize(experiment, values, mode, ks.at(-1));
  const chosen = engine ?? engines[0];
  if (!engines.includes(chosen)) {
    throw new Error(chosen === 'threads'
      ? NO_THREADS_REASON
      : `Engine must be one of: ${engines.join(', ')}.`);
  }
  if (faultInjection !== undefined && !FAULT_INJECTIONS.includes(faultInjection)) {
    throw new Error(`faultInjection must be one of: ${FAULT_INJECTIONS.join(', ')} (it is for tests: a worker panics on purpose).`);
  }
  return {
    values, ks, note, repetitions, mode, includeStartup: Boolean(includeStartup), fitAllK: Boolean(fitAllK), engine: chosen,
    gil: gilSetting(experiment, { gil, switchIntervalMs }, chosen), faultInjection, inFlight,
  };
}

/**
 * Refuses, before a sweep starts, a problem too large for its limits: in
 * scale-up the size parameter is multiplied by k, so the largest k must still
 * fit it; an experiment whose limit involves several parameters (pixels in a
 * batch of images) says so through its `sizeError(values, scale)`.
 */
export function checkProblemSize(experiment, values, mode, largestK) {
  const scale = mode === 'scaleup' ? largestK : 1;
  if (scale > 1) checkScaledSize(experiment, values, scale);
  const tooLarge = experiment.sizeError?.(values, scale);
  if (tooLarge) throw new Error(tooLarge);
}

function checkScaledSize(experiment, values, largestK) {
  const param = experiment.params.find((p) => p.name === experiment.scaleParam);
  const scaled = values[param.name] * largestK;
  if (scaled > param.max) {
    throw new Error(`In scale-up, ${param.label.toLowerCase()} grows with k: ${values[param.name]} × ${largestK} = ${scaled} is more than ${param.max}. `
      + `Choose ${param.label.toLowerCase()} of at most ${Math.floor(param.max / largestK)}, or fewer workers.`);
  }
}

export class Lab {
  #engines;
  #running = null;
  #environment;
  #stopRequested = false;
  busy = false;

  /**
   * @param engines { threads?: Engine, processes: Engine }: the engines this page can use, preferred first
   * @param environment { hardwareConcurrency, userAgent }: after a sweep, its engine keeps one helper per core
   */
  constructor(engines, environment) {
    this.#engines = engines;
    this.#environment = environment;
  }

  get engines() {
    return Object.keys(this.#engines);
  }

  /** Runs a checked sweep; resolves with { label, record, timelines, lastRunByK }. */
  async measure(experiment, { values, ks, repetitions, mode, includeStartup, fitAllK = false, engine, gil = null, faultInjection, inFlight = DEFAULT_IN_FLIGHT }, onProgress = () => {}) {
    if (this.busy) throw new Error('A sweep is already running: wait for it or cancel it first.');
    this.busy = true;
    this.#stopRequested = false;
    this.#running = this.#engines[engine];
    try {
      // Is the machine quiet? Measured on the sweep's own engine, with one worker per reported core.
      const cores = this.#environment.hardwareConcurrency;
      await this.#running.warmUp(cores);
      const quiet = await measureFreeCores(this.#running, cores);
      const sweep = await runSweep({
        engine: this.#running, experiment: experiment.id, ks, repetitions, onProgress,
        warmHelpers: this.#environment.hardwareConcurrency,
        paramsFor: (k) => experiment.toEngine(values, mode === 'scaleup' ? k : 1),
        runOptions: { gilSwitchMs: gil?.held ? gil.switchIntervalMs : null, ...(engine === 'processes' && { inFlight }) },
        shouldStop: () => this.#stopRequested, faultInjection,
      });
      if (sweep.stopped) throw new CancelledError();
      const record = sweepRecord({
        experiment: experiment.id, engine, mode, params: values, ks, repetitions, includeStartup, fitAllK, gil, inFlight, sweep, quiet,
        environment: { ...this.#environment, date: new Date().toISOString() },
      });
      const timelines = Object.fromEntries([...sweep.lastRunByK].map(([k, run]) => [k, { workers: run.workers, records: run.records, totals: run.totals, timeMs: run.timeMs, details: run.details, bytesMoved: run.bytesMoved }]));
      return { label: entryLabel(experiment, values, engine, gil), record, timelines, lastRunByK: sweep.lastRunByK };
    } finally {
      this.busy = false;
    }
  }

  /** Times empty parallel regions on k workers of the threads engine, between sweeps; resolves with µs per region. */
  async measureDispatch(k, samples, regionsPerSample, idleUs = 0) {
    if (!this.#engines.threads) throw new Error(`Dispatch is measured on the threads engine. ${NO_THREADS_REASON}`);
    if (this.busy) throw new Error('A sweep is already running: wait for it or cancel it first.');
    this.busy = true;
    try {
      return await this.#engines.threads.measureDispatch(k, samples, regionsPerSample, idleUs);
    } finally {
      this.busy = false;
    }
  }

  async measureBandwidth(k, megabytes, repetitions) {
    if (!this.#engines.threads) throw new Error(`Memory bandwidth is measured on the threads engine. ${NO_THREADS_REASON}`);
    if (this.busy) throw new Error('A sweep is already running: wait for it or cancel it first.');
    this.busy = true;
    try {
      return await this.#engines.threads.measureBandwidth(k, megabytes, repetitions);
    } finally {
      this.busy = false;
    }
  }

  cancel() {
    this.#stopRequested = true;
    this.#running?.cancel();
  }

  /** The Web Workers the engines have alive: { total, byEngine: { threads?, processes } }. */
  async liveWorkers() {
    const counts = await Promise.all(Object.entries(this.#engines).map(async ([name, engine]) => [name, await engine.liveWorkers()]));
    return { total: counts.reduce((sum, [, count]) => sum + count, 0), byEngine: Object.fromEntries(counts) };
  }
}
