// Runs one experiment over a list of worker counts with repetitions, and
// collects every time. Knows nothing of the DOM.

/**
 * The order of runs: one warm-up per k (ascending), then `repetitions` rounds;
 * each round starts at a different k so that no k always runs first or last
 * (drift, heating and caches then spread over all k instead of biasing one).
 */
export function runOrder(ks, repetitions) {
  const order = ks.map((k) => ({ k, warmUp: true }));
  for (let round = 0; round < repetitions; round++) {
    for (let i = 0; i < ks.length; i++) {
      order.push({ k: ks[(i + round) % ks.length], warmUp: false, repetition: round + 1 });
    }
  }
  return order;
}

/**
 * Runs the sweep on a freshly started engine, so that the start-up cost of
 * each pool is measured from no helper workers at all: warm-ups go up in k, and
 * the start-up of k is the time spent starting helpers up to k plus building
 * the pool of k.
 *
 * `paramsFor(k)` gives the experiment's parameters for k workers (fixed in a
 * speedup sweep, growing with k in a scale-up sweep); `runOptions` go with
 * every run (a GIL). `onProgress` is called before each run; `shouldStop()`
 * is asked between runs. `faultInjection` (tests only) goes with the warm-up
 * of the largest k, when every worker of the sweep is alive.
 */
export async function runSweep({ engine, experiment, paramsFor, runOptions = {}, ks, repetitions, onProgress = () => {}, shouldStop = () => false, faultInjection }) {
  const ascending = [...ks].sort((a, b) => a - b);
  const runs = [];
  const timesByK = new Map(ascending.map((k) => [k, []]));
  const startupMsByK = new Map();
  const lastRunByK = new Map();
  const order = runOrder(ascending, repetitions);
  let helperStartMs = 0;
  let stopped = false;
  await engine.restart();
  for (const [done, step] of order.entries()) {
    if (shouldStop()) {
      stopped = true;
      break;
    }
    onProgress({ done, total: order.length, ...step });
    const fault = step.warmUp && step.k === ascending.at(-1) ? { faultInjection } : {};
    const result = await engine.run(experiment, paramsFor(step.k), step.k, { ...runOptions, ...fault });
    if (step.warmUp) {
      helperStartMs += result.helperStartMs;
      startupMsByK.set(step.k, helperStartMs + result.poolBuildMs);
    } else {
      timesByK.get(step.k).push(result.timeMs);
      runs.push({ k: step.k, repetition: step.repetition, timeMs: result.timeMs, checksum: result.checksum, ...(result.details && { details: result.details }), ...(result.bytesMoved && { bytesMoved: result.bytesMoved }) });
    }
    lastRunByK.set(step.k, result);
  }
  return { runs, timesByK, startupMsByK, lastRunByK, stopped };
}
