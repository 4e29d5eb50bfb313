// `window.parlab`: the page's operations for scripts (tests, benchmarks,
// notebooks driving the page). Results are the same JSON as the export.
import { experimentById, experiments } from './experiments/index.js';
import { checkSweepOptions } from './lab.js';

export function installApi(target, { lab, cores, onFinished }) {
  target.parlab = {
    version: 1,
    experiments: experiments.map(({ id, title, kind, params }) => ({ id, title, kind, params })),
    /**
     * Runs a sweep and resolves with its record.
     * @param {{ experiment: string, params?: object, workers?: string | number[], repetitions?: number,
     *           mode?: 'speedup' | 'scaleup', includeStartup?: boolean, engine?: 'threads' | 'processes' }} options
     */
    async sweep({ experiment: id, ...options } = {}) {
      const experiment = experimentById(id);
      if (!experiment) throw new Error(`There is no experiment called "${id}". Try one of: ${experiments.map((e) => e.id).join(', ')}.`);
      const settings = checkSweepOptions(experiment, options, cores, lab.engines);
      const result = await lab.measure(experiment, settings);
      onFinished(experiment, settings, result);
      return result.record;
    },
    cancel: () => lab.cancel(),
  };
}
