// Pure statistics of a sweep: no DOM, no workers, unit-tested in stats.test.js.

export function median(values) {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, min and max of one worker count's repetition times. */
export function summarise(times) {
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

/**
 * Speedup rows from `timesByK` (a Map k → repetition times in ms):
 * speedup = median T(1) / median T(k), with the spread median T(1) / max T(k)
 * to median T(1) / min T(k), and efficiency = speedup / k.
 */
export function speedupRows(timesByK) {
  const baseline = timesByK.get(1);
  if (!baseline?.length) throw new Error('A speedup needs runs with 1 worker as its baseline.');
  const t1 = median(baseline);
  return [...timesByK.entries()]
    .sort(([a], [b]) => a - b)
    .map(([k, times]) => {
      const { median: tk, min, max } = summarise(times);
      const speedup = t1 / tk;
      return { k, median: tk, min, max, speedup, speedupLow: t1 / max, speedupHigh: t1 / min, efficiency: speedup / k };
    });
}
