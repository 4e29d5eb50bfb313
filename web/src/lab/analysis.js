// From a sweep's record (see export.js) to what the charts and table show.
import { fitAmdahlSerialFraction, fitGustafsonSerialFraction, karpFlatt, scaleupRows, speedupRows } from './stats.js';

export function timesByK(record) {
  const byK = new Map(record.ks.map((k) => [k, []]));
  for (const run of record.runs) {
    const startup = record.includeStartup ? record.startupMsByK[run.k] ?? 0 : 0;
    byK.get(run.k)?.push(run.timeMs + startup);
  }
  for (const [k, times] of byK) if (times.length === 0) byK.delete(k);
  return byK;
}

/**
 * The worker counts the models are fitted to. Beyond the core count workers
 * take turns on the same cores, a loss that Amdahl's and Gustafson's laws
 * would misread as serial work, so by default only k within the cores (as
 * the browser that ran the sweep reported them) count; `fitAllK` takes every k.
 */
export function fittedKs(record) {
  const cores = record.hardwareConcurrency;
  return record.fitAllK || !cores ? [...record.ks] : record.ks.filter((k) => k <= cores);
}

/**
 * The serial fraction that `fit` finds in the medians, and the range it
 * finds in the spread: the fastest and slowest repetitions of every k.
 */
function fitWithSpread(rows, fit, low, high) {
  const value = fit(rows);
  if (value === null) return { serialFraction: null, serialFractionRange: null };
  const extremes = [fit(rows.map((r) => ({ ...r, ...high(r) }))), fit(rows.map((r) => ({ ...r, ...low(r) })))];
  return { serialFraction: value, serialFractionRange: [Math.min(...extremes), Math.max(...extremes)] };
}

/**
 * Rows for the table and chart (each marked `fitted` or not), and the mode's
 * law fitted to the fitted rows: { rows, serialFraction, serialFractionRange,
 * fittedKs, slowerKs? (speedup mode: fitted k slower than one worker, for which no fit is made) }.
 */
export function analyse(record) {
  const byK = timesByK(record);
  const fitted = new Set(fittedKs(record));
  const inFit = (rows) => rows.filter((r) => r.fitted);
  if (record.mode === 'scaleup') {
    const rows = scaleupRows(byK).map((r) => ({ ...r, fitted: fitted.has(r.k) }));
    const fit = fitWithSpread(inFit(rows), fitGustafsonSerialFraction,
      (r) => ({ efficiency: r.efficiencyLow }), (r) => ({ efficiency: r.efficiencyHigh }));
    return { rows, ...fit, fittedKs: inFit(rows).map((r) => r.k) };
  }
  const rows = speedupRows(byK).map((r) => ({ ...r, fitted: fitted.has(r.k), karpFlatt: fitted.has(r.k) ? karpFlatt(r.speedup, r.k) : null }));
  // Amdahl's worst case is no speedup at all: a k slower than one worker is outside the law, and no fit is drawn.
  const slowerKs = inFit(rows).filter((r) => r.k > 1 && r.speedup < 1).map((r) => r.k);
  const fit = slowerKs.length > 0 ? { serialFraction: null, serialFractionRange: null } : fitWithSpread(inFit(rows), fitAmdahlSerialFraction,
    (r) => ({ speedup: r.speedupLow }), (r) => ({ speedup: r.speedupHigh }));
  return { rows, ...fit, fittedKs: inFit(rows).map((r) => r.k), slowerKs };
}
