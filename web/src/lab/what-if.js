// "What if this machine had more cores?": a prediction of the speedup beyond
// the cores a sweep had, from what that sweep measured, with the assumptions
// that would break it. A prediction is never data: the chart draws it as a
// labelled band and the caption lists its assumptions. Knows nothing of the DOM.
import { amdahlSpeedup, median } from './stats.js';

/** The least-squares line y = a + b·k through `points` [{ k, y }] (b = 0 with one point). */
export function line(points) {
  const n = points.length;
  const meanK = points.reduce((sum, p) => sum + p.k, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  const spread = points.reduce((sum, p) => sum + (p.k - meanK) ** 2, 0);
  const slope = spread === 0 ? 0 : points.reduce((sum, p) => sum + (p.k - meanK) * (p.y - meanY), 0) / spread;
  return { a: meanY - slope * meanK, b: slope };
}

const totalBytes = (moved) => (moved?.scatter ?? 0) + (moved?.shuffle ?? 0) + (moved?.gather ?? 0);

/**
 * Bytes a share-nothing run moves as a line in k (from the medians of the
 * measured k), and how fast messages moved them in the largest k's timeline
 * (bytes ÷ the time of its send, receive and shuffle bars): null for runs that
 * moved nothing or kept no timeline.
 */
function messageCost(record, timelines) {
  if (record.engine !== 'processes') return null;
  const byK = record.ks.map((k) => ({ k, y: median(record.runs.filter((r) => r.k === k).map((r) => totalBytes(r.bytesMoved))) }));
  const largest = record.ks.at(-1);
  const run = timelines?.[largest];
  const barMs = (run?.records ?? []).filter((r) => r.kind === 'message').reduce((sum, r) => sum + r.end_ms - r.start_ms, 0);
  const bytes = byK.at(-1).y;
  if (!bytes || !barMs) return null;
  return { bytes: line(byK), bytesPerMs: bytes / barMs };
}

/**
 * The predicted speedup for k = 1 … upTo, as a band, from a speedup sweep's
 * record and its analysis (see analysis.js):
 *   T(k) = T(1) · (s + (1 − s)/k)                       Amdahl, s fitted on k within the cores (its range gives the band)
 *        + (start-up per helper) · k                    when the sweep counts pool start-up in T(k)
 *        + (bytes(k) − bytes(k_max)) / transfer rate    processes: message bytes that grow with k
 * and, for memory-bound work, no more speedup than this machine's memory
 * allows: `bandwidth` { k → GB/s } measured here, the ceiling being the best
 * bandwidth of all workers together ÷ that of one.
 * Resolves `{ points: [{ k, low, high }], terms, assumptions }`, or
 * `{ refusal }` saying why this sweep cannot be extrapolated.
 */
export function predictSpeedup(record, analysis, { upTo, timelines = {}, bandwidth = null }) {
  if (record.mode !== 'speedup') return { refusal: 'Predictions are made for speedup sweeps: a scale-up sweep changes the problem with k.' };
  if (analysis.serialFraction === null) {
    return { refusal: 'No Amdahl fit was possible for this sweep (it needs k = 1 and another k within the cores, none slower than one worker), so there is nothing to extrapolate.' };
  }
  const measuredMax = Math.max(...record.ks);
  if (!(upTo > measuredMax)) return { refusal: `Choose more workers than the sweep measured (k = ${measuredMax}).` };
  const t1 = analysis.rows.find((r) => r.k === 1).median;
  const [sLow, sHigh] = analysis.serialFractionRange ?? [analysis.serialFraction, analysis.serialFraction];
  const terms = [`Amdahl with the serial fraction fitted on k = ${analysis.fittedKs.join(', ')}: s = ${analysis.serialFraction.toFixed(3)} (${sLow.toFixed(3)}–${sHigh.toFixed(3)} from the spread)`];

  let extraMs = () => 0;
  if (record.includeStartup) {
    const startup = line(record.ks.map((k) => ({ k, y: record.startupMsByK[k] ?? 0 })));
    extraMs = (k) => startup.b * k;
    terms.push(`pool start-up of ${startup.b.toFixed(1)} ms per helper, as measured from k = ${record.ks[0]} to ${measuredMax}`);
  }
  const messages = messageCost(record, timelines);
  if (messages && messages.bytes.b > 0) {
    const withStartup = extraMs;
    const bytesAt = (k) => messages.bytes.a + messages.bytes.b * k;
    extraMs = (k) => withStartup(k) + Math.max(0, bytesAt(k) - bytesAt(measuredMax)) / messages.bytesPerMs;
    terms.push(`messages that grow by ${(messages.bytes.b / 1024).toFixed(1)} KiB per worker, moved at ${(messages.bytesPerMs / 1024).toFixed(0)} KiB/ms as measured at k = ${measuredMax}`);
  }

  let ceiling = Infinity;
  if (bandwidth?.[1]) {
    const [bestK, best] = Object.entries(bandwidth).map(([k, gb]) => [Number(k), gb]).sort((a, b) => b[1] - a[1])[0];
    ceiling = Math.max(1, best / bandwidth[1]);
    terms.push(`memory-bound: one worker streamed ${bandwidth[1].toFixed(1)} GB/s and ${bestK} together ${best.toFixed(1)} GB/s on this machine's memory, `
      + `so no more than ${ceiling.toFixed(2)}× however many cores share that memory`);
  }
  const speedupAt = (s, k) => Math.min(ceiling, t1 / (t1 / amdahlSpeedup(1 - s, k) + extraMs(k)));
  const points = [];
  for (let k = 1; k <= upTo; k = k < 16 ? k + 1 : Math.min(upTo, Math.ceil(k * 1.1))) {
    points.push({ k, low: speedupAt(sHigh, k), high: speedupAt(sLow, k) });
    if (k === upTo) break;
  }
  if (points.at(-1).k !== upTo) points.push({ k: upTo, low: speedupAt(sHigh, upTo), high: speedupAt(sLow, upTo) });
  return {
    points,
    terms,
    assumptions: [
      `every one of the ${upTo} workers has a core of its own, as fast as one of this machine's (${record.hardwareConcurrency ?? 'unknown'} cores)`,
      'memory bandwidth grows with the cores: a memory-bound operator stops where the memory bus is full, usually long before 64 cores',
      'one memory (no NUMA): on machines with several sockets, memory on the other socket is slower to reach',
      'no network: in a cluster every message, shuffle and broadcast crosses one, with far more latency and less bandwidth than postMessage',
      'no stragglers: one slow or busy machine holds back every step that waits for all workers',
      'the serial part stays the same size; the fit from a few k can be far off, which the band only partly shows',
    ],
  };
}
