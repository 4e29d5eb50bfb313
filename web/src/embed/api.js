// `window.parlab`: the page's operations for scripts (tests, benchmarks,
// notebooks driving the page); the postMessage protocol uses the same ones.
// Results are the same JSON as the export.
import { experimentById, experiments } from '../experiments/index.js';
import { checkSweepOptions } from '../lab/lab.js';

export function createScriptingApi({ lab, cores, onFinished }) {
  return {
    version: 1,
    experiments: experiments.map(({ id, title, kind, params }) => ({ id, title, kind, params })),
    engines: lab.engines,
    /**
     * Runs a sweep and resolves with its record.
     * @param {{ experiment: string, params?: object, workers?: string | number[], repetitions?: number,
     *           mode?: 'speedup' | 'scaleup', includeStartup?: boolean, fitAllK?: boolean,
     *           engine?: 'threads' | 'processes' }} options
     * @param onProgress called before each run with { done, total, k, repetition, warmUp }
     */
    async sweep({ experiment: id, ...options } = {}, onProgress = () => {}) {
      const experiment = experimentById(id);
      if (!experiment) throw new Error(`There is no experiment called "${id}". Try one of: ${experiments.map((e) => e.id).join(', ')}.`);
      const settings = checkSweepOptions(experiment, options, cores, lab.engines);
      const result = await lab.measure(experiment, settings, onProgress);
      onFinished(experiment, settings, result);
      return result.record;
    },
    cancel: () => lab.cancel(),
  };
}
