// The speedup stack: where the time of a sweep went. Pure: no DOM, no workers;
// unit-tested in speedup-stack.test.js on synthetic records.
//
// A run at k workers that takes T(k) has k·T(k) worker-milliseconds. Each run
// reports exact totals per lane and kind (crate/src/work_record.rs and its
// twin engine/run-recorder.js). For the k worker lanes of a run, `accountRun`
// adds them up by kind: compute C, lock waits L, GIL waits G, I/O waits W,
// queue waits Q, messages X; the merge lane gives the coordinator's merge M,
// during which all k workers are idle (k·M worker-ms).
//
// With medians over the repetitions at each k (T(k) the median time, each
// kind the median of its totals), and S(k) = T(1) / T(k):
//
//   k − S(k) = [ (C_k − C_1)             inflation: the same work took longer
//              + (L_k − L_1) + (G_k − G_1) + (W_k − W_1) + (Q_k − Q_1) + (X_k − X_1)
//              + (k·M_k − M_1)          the coordinator's serial merge
//              + (k·U_k − U_1)          start-up, when the sweep counts it in T
//              + idle ] / T(k)
//
// where idle is what remains of k·T(k) − T(1) (skew, serial parts inside the
// kernel, dispatch, the end of a run), so that the parts add up exactly to
// k − S(k). At k = 1 every part is 0; the baseline is then the composition of
// T(1) itself: C_1, waits, merge and the rest, each as a share of T(1).
// A part can be negative: the same work took less time at k (caches), or
// fewer waits. Karp–Flatt's serial fraction e = (1/S − 1/k) / (1 − 1/k) puts
// the whole gap into one number; the stack splits the same gap by cause.

import { median } from './stats.js';

/** The parts of a stack, in the order they are drawn above the measured speedup. */
export const PARTS = [
  { id: 'inflation', label: 'inflation (same work, more time)' },
  { id: 'lock_wait', label: 'lock waits' },
  { id: 'gil_wait', label: 'GIL waits' },
  { id: 'io_wait', label: 'I/O waits' },
  { id: 'queue_wait', label: 'queue waits' },
  { id: 'message', label: 'messages' },
  { id: 'merge', label: 'serial merge' },
  { id: 'startup', label: 'start-up' },
  { id: 'idle', label: 'idle (skew, serial parts, the end)' },
];
const WAIT_KINDS = ['lock_wait', 'gil_wait', 'io_wait', 'queue_wait', 'message'];

/** What the page calls part `id` of a stack. */
export const partLabel = (id) => PARTS.find((p) => p.id === id).label;

/**
 * A run's totals (`[{ lane, kind, ms }]`) added up: `workerMs` by kind over
 * lanes 0..k−1, `mergeMs` on the merge lane. Other named lanes (a producer)
 * are threads beyond the k workers and are left out.
 */
export function accountRun(totals, k) {
  const workerMs = { compute: 0, lock_wait: 0, gil_wait: 0, io_wait: 0, queue_wait: 0, message: 0 };
  let mergeMs = 0;
  for (const { lane, kind, ms } of totals ?? []) {
    if (lane === 'merge' && kind === 'merge') mergeMs += ms;
    else if (Number.isInteger(lane) && lane < k && kind in workerMs) workerMs[kind] += ms;
  }
  return { workerMs, mergeMs };
}

function medianAccount(runs) {
  const of = (pick) => median(runs.map(pick));
  return {
    timeMs: of((r) => r.timeMs),
    workerMs: Object.fromEntries(['compute', ...WAIT_KINDS].map((kind) => [kind, of((r) => r.account.workerMs[kind])])),
    mergeMs: of((r) => r.account.mergeMs),
  };
}

/**
 * The stack of a speedup sweep, from its record (runs with `account`, see
 * export.js): null when the runs carry no accounts (an import from an older
 * parlab) or there is no k = 1. Otherwise `{ baseline, bars }`:
 * - baseline: the composition of T(1), `{ timeMs, shares: { compute, …waits, merge, startup, other } }`, each a fraction of T(1);
 * - bars: per k, `{ k, speedup, timeMs, parts: { inflation, …, idle } }` in speedup units, adding up to k − speedup.
 */
export function speedupStack(record) {
  if (record.mode === 'scaleup') return null;
  const byK = new Map(record.ks.map((k) => [k, record.runs.filter((r) => r.k === k)]));
  if (!byK.get(1)?.length || record.runs.some((r) => !r.account)) return null;
  const startupOf = (k) => (record.includeStartup ? record.startupMsByK?.[k] ?? 0 : 0);
  const at = new Map([...byK].filter(([, runs]) => runs.length).map(([k, runs]) => {
    const m = medianAccount(runs);
    return [k, { ...m, timeMs: m.timeMs + startupOf(k), startupMs: startupOf(k) }];
  }));
  const one = at.get(1);
  const recorded = (a, k) => a.workerMs.compute + WAIT_KINDS.reduce((sum, kind) => sum + a.workerMs[kind], 0) + k * a.mergeMs + k * a.startupMs;
  const baseline = {
    timeMs: one.timeMs,
    shares: {
      compute: one.workerMs.compute / one.timeMs,
      ...Object.fromEntries(WAIT_KINDS.map((kind) => [kind, one.workerMs[kind] / one.timeMs])),
      merge: one.mergeMs / one.timeMs,
      startup: one.startupMs / one.timeMs,
      other: (one.timeMs - recorded(one, 1)) / one.timeMs,
    },
  };
  const bars = [...at].sort(([a], [b]) => a - b).map(([k, a]) => {
    const speedup = one.timeMs / a.timeMs;
    const parts = {
      inflation: (a.workerMs.compute - one.workerMs.compute) / a.timeMs,
      ...Object.fromEntries(WAIT_KINDS.map((kind) => [kind, (a.workerMs[kind] - one.workerMs[kind]) / a.timeMs])),
      merge: (k * a.mergeMs - one.mergeMs) / a.timeMs,
      startup: (k * a.startupMs - one.startupMs) / a.timeMs,
    };
    parts.idle = k - speedup - Object.values(parts).reduce((sum, v) => sum + v, 0);
    return { k, speedup, timeMs: a.timeMs, parts };
  });
  return { baseline, bars };
}

/** The part of a bar that cost the most speedup (the largest positive part), with its value; null when nothing was lost. */
export function largestLoss(bar) {
  const [id, value] = Object.entries(bar.parts).reduce((best, entry) => (entry[1] > best[1] ? entry : best), [null, 0]);
  return id === null ? null : { id, value, label: partLabel(id) };
}
