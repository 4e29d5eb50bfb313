// The sentences that explain a finished sweep: what the fitted model says and
// what the core count means for these numbers. Pure functions of the analysis
// (lab/analysis.js) and the record, written for what was measured, whatever it was.

import { GIL_WAIT } from '../charts/timeline.js';

const fixed = (value, digits = 2) => value.toFixed(digits);

// Below this the fitted serial fraction is indistinguishable from none: a
// ceiling of 1/s above 200× says nothing about a sweep of a few workers.
const NO_SERIAL_PART = 0.005;

function coresOf(record) {
  return record.hardwareConcurrency;
}

function leftOutNote(record, { rows }) {
  const left = rows.filter((r) => !r.fitted).map((r) => r.k);
  if (left.length === 0) return '';
  return ` Hollow points (k = ${left.join(', ')}) are beyond the ${coresOf(record)} cores the browser reports and are left out of the fit: ` +
    'there workers take turns on the same cores, a loss the model would misread as serial work. Tick "fit all k" to include them.';
}

/** What the dashed model curve on the chart means, or why there is none. */
export function fitCaption(record, analysis) {
  const { serialFraction: s, serialFractionRange: range } = analysis;
  const law = record.mode === 'scaleup' ? "Gustafson's law" : "Amdahl's law";
  if (analysis.slowerKs?.length > 0) {
    return `No model curve: with k = ${analysis.slowerKs.join(', ')} the run was slower than with one worker, which Amdahl's law cannot explain ` +
      '(its worst case is no speedup at all, s = 1). Costs that grow with k can: coordination, contention for a lock or for memory, ' +
      'or other programs busy on this machine.' + leftOutNote(record, analysis);
  }
  if (s === null) {
    return `No model curve: ${law} needs a k between 2 and the ${coresOf(record)} cores besides k = 1 (or tick "fit all k").` + leftOutNote(record, analysis);
  }
  const spread = range[1] - range[0] > 0.0005 ? ` (${fixed(range[0], 3)}–${fixed(range[1], 3)} across the fastest and slowest repetitions)` : '';
  const fitted = `fitted to the medians at k = ${analysis.fittedKs.join(', ')}`;
  if (record.mode === 'scaleup') {
    return `Dashed: ${law} ${fitted}, serial fraction s = ${fixed(s, 3)}${spread}. Ideal scale-up keeps the time flat ` +
      '(efficiency 1) as problem and workers grow together.' + leftOutNote(record, analysis);
  }
  const reading = range[0] < NO_SERIAL_PART
    ? `No serial part was detected at these k: s = ${fixed(s, 3)}${spread}, and the spread allows s = 0. ` +
      `Nothing measured here limits the speedup; a limit, if there is one, lies beyond k = ${Math.max(...analysis.fittedKs)}.`
    : `Serial fraction s = ${fixed(s, 3)}${spread}, so no number of workers could give more than about 1/s = ${fixed(1 / s, 1)}× ` +
      '(Amdahl counts every loss as serial work: skew and overheads look the same to it).';
  return `Dashed: ${law} ${fitted} (least squares on 1/speedup). ${reading} Grey dashes: ideal speedup k.` + leftOutNote(record, analysis);
}

/**
 * What the core count means for this sweep: whether the best k lies beyond the
 * cores (possible only when workers wait instead of computing), or the speedup
 * stops at them (CPU-bound work), or every k had a core of its own.
 */
export function coresSummary(record, rows) {
  const cores = coresOf(record);
  if (!cores) return '';
  const value = record.mode === 'scaleup' ? (r) => r.efficiency * r.k : (r) => r.speedup;
  const within = rows.filter((r) => r.k <= cores);
  const beyond = rows.filter((r) => r.k > cores);
  const best = (list) => list.reduce((a, b) => (value(b) > value(a) ? b : a));
  const name = record.mode === 'scaleup' ? 'scaled speedup' : 'speedup';
  if (beyond.length === 0) {
    return `The browser reports ${cores} cores: every k here up to ${cores} could have a core of its own.`;
  }
  const top = best(beyond);
  const topWithin = best(within);
  if (value(top) > cores * 1.15) {
    return `The best ${name}, ${fixed(value(top))} at k = ${top.k}, is more than the ${cores} cores the browser reports could give ` +
      'to work that computes all the time: these workers spend most of their time waiting, and a waiting worker uses no core, so more workers than cores still pay.';
  }
  if (value(top) > value(topWithin) * 1.05) {
    return `k = ${top.k}, beyond the ${cores} cores the browser reports, did better than k = ${topWithin.k} (${fixed(value(top))} against ${fixed(value(topWithin))}), ` +
      `yet not more than ${cores}×: extra workers add no computing power, but smaller shares of uneven work leave fewer cores idle at the end.`;
  }
  return `Beyond the ${cores} cores the browser reports, the ${name} stops (${fixed(value(topWithin))} at k = ${topWithin.k}, ${fixed(value(top))} at k = ${top.k}): ` +
    'the work computes all the time, so extra workers only take turns on the same cores.';
}

/** What the GIL did in the run of the largest k, or that the engine had none. */
export function gilSummary(record, k, run) {
  if (!record.gil) return '';
  if (!record.gil.held) {
    return 'The GIL switch was on, but the processes engine has no GIL: each process has its own interpreter, so processes compute at the same time.';
  }
  if (!run) return '';
  const waited = run.records.filter((r) => r.what === GIL_WAIT).reduce((sum, r) => sum + (r.end_ms - r.start_ms), 0);
  const lanes = run.workers * Math.max(...run.records.map((r) => r.end_ms));
  return `Under the GIL, handed over every ${record.gil.switchIntervalMs} ms, the ${run.workers} workers at k = ${k} spent ` +
    `${fixed(waited, 0)} ms waiting for it, ${fixed((100 * waited) / lanes, 0)} % of their time (red in the timeline): only the holder computes.`;
}

function bytes(count) {
  if (count < 1024) return `${count} bytes`;
  if (count < 2 ** 20) return `${(count / 1024).toFixed(1)} KiB`;
  return `${(count / 2 ** 20).toFixed(1)} MiB`;
}

const PHASES = [
  ['scatter', 'sent out with the tasks'],
  ['shuffle', 'shuffled from the tasks to the reducers'],
  ['gather', 'of results gathered back'],
];

function byPhase(moved) {
  const parts = PHASES.filter(([phase]) => moved[phase] > 0).map(([phase, what]) => `${bytes(moved[phase])} ${what} (${phase})`);
  return parts.length ? parts.join(', ') : 'nothing';
}

const total = (moved) => PHASES.reduce((sum, [phase]) => sum + (moved[phase] ?? 0), 0);

/**
 * What a run moved between workers and the coordinator, by phase: on the
 * processes engine the bytes that travelled by message; on threads, where the
 * data is shared, what a share-nothing run would move, if the experiment says
 * (`details.would_move`); otherwise ''.
 */
export function bytesMovedSummary(k, run) {
  if (run?.bytesMoved) {
    return `At k = ${k} the processes moved ${bytes(total(run.bytesMoved))} by message: ${byPhase(run.bytesMoved)}.`;
  }
  const wouldMove = run?.details?.would_move;
  if (wouldMove) {
    return `At k = ${k} the threads read shared memory: 0 bytes copied. A share-nothing run would move ${bytes(total(wouldMove))}: ${byPhase(wouldMove)}.`;
  }
  return '';
}
