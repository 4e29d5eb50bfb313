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
  return rowsAgainstOneWorker(timesByK, 'speedup', (t1, { k, median: tk, min, max }) => {
    const speedup = t1 / tk;
    return { speedup, speedupLow: t1 / max, speedupHigh: t1 / min, efficiency: speedup / k };
  });
}

/** Per k, ascending: median, min, max and what `measures(T1 median, summary)` adds. */
function rowsAgainstOneWorker(timesByK, what, measures) {
  const baseline = timesByK.get(1);
  if (!baseline?.length) throw new Error(`A ${what} needs runs with 1 worker as its baseline.`);
  const t1 = median(baseline);
  return [...timesByK.entries()]
    .sort(([a], [b]) => a - b)
    .map(([k, times]) => {
      const row = { k, ...summarise(times) };
      return { ...row, ...measures(t1, row) };
    });
}

/**
 * Scale-up rows: the problem grows with k, so the ideal is the same time for
 * every k. Scaled efficiency = median T(1, n) / median T(k, n·k).
 */
export function scaleupRows(timesByK) {
  return rowsAgainstOneWorker(timesByK, 'scale-up', (t1, { median: tk, min, max }) => (
    { efficiency: t1 / tk, efficiencyLow: t1 / max, efficiencyHigh: t1 / min }));
}

/** Amdahl's law: the speedup on k workers when a fraction p of the work is parallel. */
export function amdahlSpeedup(p, k) {
  return 1 / ((1 - p) + p / k);
}

/**
 * The serial fraction s that best explains measured speedups under Amdahl's
 * law, by least squares on 1/S = s + (1 − s)/k (linear in s). Clamped to [0, 1];
 * null when no k > 1 was measured.
 */
export function fitAmdahlSerialFraction(rows) {
  let numerator = 0;
  let denominator = 0;
  for (const { k, speedup } of rows) {
    const x = 1 / k;
    numerator += (1 - x) * (1 / speedup - x);
    denominator += (1 - x) ** 2;
  }
  if (denominator === 0) return null;
  return Math.min(1, Math.max(0, numerator / denominator));
}

/** Karp–Flatt metric: the serial fraction implied by the speedup at one k > 1. */
export function karpFlatt(speedup, k) {
  return k > 1 ? (1 / speedup - 1 / k) / (1 - 1 / k) : null;
}

/**
 * Gustafson's law for scale-up: scaled speedup = k − s(k − 1), i.e. scaled
 * efficiency (k − s(k − 1)) / k. Fits s by least squares on the scaled speedups
 * k · efficiency; clamped to [0, 1]; null without a k > 1.
 */
export function fitGustafsonSerialFraction(rows) {
  let numerator = 0;
  let denominator = 0;
  for (const { k, efficiency } of rows) {
    numerator += (k - 1) * (k - k * efficiency);
    denominator += (k - 1) ** 2;
  }
  if (denominator === 0) return null;
  return Math.min(1, Math.max(0, numerator / denominator));
}

export function gustafsonEfficiency(s, k) {
  return (k - s * (k - 1)) / k;
}
