// Runs one experiment over a list of worker counts with repetitions, and
// collects every time. Knows nothing of the DOM.

/**
 * The order of runs: one warm-up per k, then `repetitions` rounds; each round
 * starts at a different k so that no k always runs first or last (drift,
 * heating and caches then spread over all k instead of biasing one).
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
 * @returns {Promise<{timesByK: Map<number, number[]>, lastRunByK: Map<number, object>}>}
 * `onProgress({done, total, k, repetition, warmUp})` is called before each run;
 * `shouldStop()` is asked between runs.
 */
export async function runSweep({ engine, experiment, params, ks, repetitions, onProgress = () => {}, shouldStop = () => false }) {
  const timesByK = new Map(ks.map((k) => [k, []]));
  const lastRunByK = new Map();
  const order = runOrder(ks, repetitions);
  for (const [done, step] of order.entries()) {
    if (shouldStop()) break;
    onProgress({ done, total: order.length, ...step });
    const result = await engine.run(experiment, params, step.k);
    if (!step.warmUp) timesByK.get(step.k).push(result.timeMs);
    lastRunByK.set(step.k, result);
  }
  return { timesByK, lastRunByK };
}
