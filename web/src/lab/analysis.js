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

/** Rows for the table and chart, plus the fitted serial fraction of the mode's law. */
export function analyse(record) {
  const byK = timesByK(record);
  if (record.mode === 'scaleup') {
    const rows = scaleupRows(byK);
    return { rows, serialFraction: fitGustafsonSerialFraction(rows) };
  }
  const rows = speedupRows(byK).map((r) => ({ ...r, karpFlatt: karpFlatt(r.speedup, r.k) }));
  return { rows, serialFraction: fitAmdahlSerialFraction(rows) };
}
