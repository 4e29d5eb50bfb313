// `window.parlab`: the page's operations for scripts (tests, benchmarks,
// notebooks driving the page); the postMessage protocol uses the same ones.
// Results are the same JSON as the export.
import { experimentById, experiments } from '../experiments/index.js';
import { checkSweepOptions } from '../lab/lab.js';
import { program } from '../lab/twins.js';

/** The options `sweep` takes besides `experiment`, with the type each must have. */
const SWEEP_OPTIONS = {
  params: 'object', workers: 'workers', repetitions: 'number', mode: 'string', includeStartup: 'boolean', fitAllK: 'boolean',
  engine: 'string', inFlight: 'number', gil: 'boolean', switchIntervalMs: 'number', faultInjection: 'string',
};

/**
 * Refuses what a script could mean otherwise: a misspelt option (which would
 * silently run the defaults), or a number or switch given as text.
 */
export function checkScriptOptions(options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new Error('sweep takes one object of options, such as { experiment: "toasts", workers: "1,2" }.');
  if (options.experiment === undefined) throw new Error(`sweep needs the option "experiment": one of ${experiments.map((e) => e.id).join(', ')}.`);
  for (const [name, value] of Object.entries(options)) {
    if (name === 'experiment') continue;
    const type = SWEEP_OPTIONS[name];
    if (!type) throw new Error(`sweep has no option "${name}". Its options are: experiment, ${Object.keys(SWEEP_OPTIONS).join(', ')}.`);
    const fits = type === 'workers' ? typeof value === 'string' || Array.isArray(value)
      : type === 'object' ? value !== null && typeof value === 'object' && !Array.isArray(value) : typeof value === type;
    if (!fits) {
      throw new Error(`sweep's option "${name}" must be ${type === 'workers' ? 'a list such as "1,2,4" or [1, 2, 4]' : `a ${type}`} (got ${JSON.stringify(value)}).`);
    }
  }
}

function experimentNamed(id) {
  const experiment = experimentById(id);
  if (!experiment) throw new Error(`There is no experiment called "${id}". Try one of: ${experiments.map((e) => e.id).join(', ')}.`);
  return experiment;
}

/**
 * @param present (repetitions, start) → the promise of start(onProgress): runs a
 *   sweep under the page's progress display, which shows its failures too
 * @param readTwinFile name → the promise of a twin template's text (lab/twins.js)
 * @param measureMachine () → the promise of "Your machine"'s figures, measured under its panel (lab/machine.js)
 */
export function createScriptingApi({ lab, cores, onFinished, present, readTwinFile, measureMachine }) {
  return {
    version: 1,
    experiments: experiments.map(({ id, title, kind, params }) => ({ id, title, kind, params })),
    engines: lab.engines,
    /**
     * Runs a sweep and resolves with its record.
     * @param {{ experiment: string, params?: object, workers?: string | number[], repetitions?: number,
     *           mode?: 'speedup' | 'scaleup', includeStartup?: boolean, fitAllK?: boolean,
     *           engine?: 'threads' | 'processes', inFlight?: 1 | 2, faultInjection?: 'worker-panic' }} options
     *   (inFlight: chunks in flight per process, processes engine only; faultInjection: tests only, see docs/instructors.md)
     * @param onProgress called before each run with { done, total, k, repetition, warmUp }
     */
    sweep(request = {}, onProgress = () => {}) {
      const { experiment: id, ...options } = request ?? {};
      return present(options.repetitions ?? 3, async (showProgress) => {
        checkScriptOptions(request);
        const experiment = experimentNamed(id);
        const settings = checkSweepOptions(experiment, options, cores, lab.engines);
        const result = await lab.measure(experiment, settings, (progress) => {
          onProgress(progress);
          return showProgress(progress);
        });
        onFinished(experiment, settings, result);
        return result.record;
      });
    },
    /**
     * Times empty parallel regions (a broadcast of nothing) on a pool of `k`
     * threads-engine workers: the fixed cost of every run. Resolves with
     * `samples` times in microseconds, each the mean of `regionsPerSample`
     * regions (the browser's clock moves in steps of about 5 µs). The regions
     * follow each other at once, or with `idleUs` > 0 each comes after that
     * many µs in which the pool has nothing to do, as a run comes after the
     * page's own work: its workers have gone to sleep by then.
     */
    async measureDispatch(k, samples = 1000, regionsPerSample = 10, { idleUs = 0 } = {}) {
      if (!Number.isInteger(k) || k < 1 || k > 64) throw new Error('k must be a whole number of workers from 1 to 64.');
      for (const [name, value] of [['samples', samples], ['regionsPerSample', regionsPerSample]]) {
        if (!Number.isInteger(value) || value < 1 || value > 100000) throw new Error(`${name} must be a whole number from 1 to 100000.`);
      }
      if (!Number.isInteger(idleUs) || idleUs < 0 || idleUs > 100000) throw new Error('idleUs must be a whole number of µs from 0 to 100000.');
      return lab.measureDispatch(k, samples, regionsPerSample, idleUs);
    },
    /** The memory bandwidth of k workers together: `repetitions` figures in GB/s (STREAM's triad over `megabytes` of arrays). */
    async measureBandwidth(k, { megabytes = 48, repetitions = 5 } = {}) {
      if (!Number.isInteger(k) || k < 1 || k > 64) throw new Error('k must be a whole number of workers from 1 to 64.');
      if (!Number.isInteger(megabytes) || megabytes < 1 || megabytes > 256) throw new Error('megabytes must be a whole number from 1 to 256.');
      if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > 100) throw new Error('repetitions must be a whole number from 1 to 100.');
      return lab.measureBandwidth(k, megabytes, repetitions);
    },
    /**
     * The experiment as a standalone program for a real engine ('python':
     * concurrent.futures, for the task experiments; 'dask' or 'pyspark', for
     * the data experiments), with `params` (missing ones take their defaults)
     * and `sweep`'s workers, repetitions and mode as in `sweep`. Resolves with its text.
     */
    async program(id, params = {}, engine = 'python', { workers, repetitions, mode } = {}) {
      const experiment = experimentNamed(id);
      return program(experiment, checkSweepOptions(experiment, { params, workers, repetitions, mode }, cores, lab.engines), engine, readTwinFile);
    },
    /**
     * Measures this machine as the "Your machine" panel does, and shows it there:
     * every figure's samples (compute, bandwidth per k, dispatch, message and
     * wake-up round trips, worker start-up, server round trips), or `{ error }` where it could not be measured.
     */
    measureMachine: () => measureMachine(),
    cancel: () => lab.cancel(),
    /** The Web Workers alive now, from the engines' own counts: { total, byEngine }. */
    liveWorkers: () => lab.liveWorkers(),
  };
}
