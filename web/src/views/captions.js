// The sentences that explain a finished sweep, each chosen by what that sweep
// measured: the speedup stack's largest parts (lab/speedup-stack.js) and the
// quiet check (lab/quiet-check.js), and each quoting the figures it rests on.
// Pure functions of the record and its analysis (lab/analysis.js); no generic
// sentence is shown whatever was measured.

import { contentionOf, lossMeaning, offsetSentence } from '../lab/account-words.js';
import { SHORT_RUN_MS, machineState } from '../lab/quiet-check.js';
import { largestLoss, partLabel, speedupStack } from '../lab/speedup-stack.js';
import { median } from '../lab/stats.js';

const fixed = (value, digits = 2) => value.toFixed(digits);
const percent = (fraction) => `${Math.round(100 * fraction)} %`;

// A fitted serial fraction whose spread across repetitions is wider than this says nothing reliable.
export const NOISY_FIT_RANGE = 0.1;
// Below this (its whole range) the fitted serial fraction is indistinguishable from none.
const NO_SERIAL_PART = 0.02;
// A speedup within this fraction of k lost nothing worth explaining.
const NEARLY_IDEAL = 0.05;

/** The busy check and the speedup stack of a record: computed from its runs when the record does not carry them (an import). */
export function accountOf(record) {
  return { machine: record.machine ?? machineState(record), stack: record.stack ?? speedupStack(record) };
}

function coresOf(record) {
  return record.hardwareConcurrency;
}

function leftOutNote(record, { rows }) {
  const left = rows.filter((r) => !r.fitted).map((r) => r.k);
  if (left.length === 0) return '';
  return ` Hollow points (k = ${left.join(', ')}) are beyond the ${coresOf(record)} cores the browser reports and are left out of the fit: ` +
    'there workers take turns on the same cores, a loss the model would misread as serial work. Tick "fit all k" to include them.';
}

/** Whether this sweep's machine was busy, as the clause that ends "other programs busy on this machine". */
function busyClause(machine) {
  if (!machine.busy) return '';
  if (machine.reasons.includes('cores')) return `, as this one was (about ${machine.freeCores.toFixed(1)} of ${machine.cores} cores free)`;
  return ` or the browser's own work: this sweep's one-worker runs varied by ${Math.round(100 * machine.oneWorkerSpread)} %`;
}

/** What the dashed model curve on the chart means, or why there is none, or why its figure cannot be read. */
export function fitCaption(record, analysis) {
  const { serialFraction: s, serialFractionRange: range } = analysis;
  const { machine } = accountOf(record);
  const law = record.mode === 'scaleup' ? "Gustafson's law" : "Amdahl's law";
  if (analysis.slowerKs?.length > 0) {
    return `No model curve: with k = ${analysis.slowerKs.join(', ')} the run was slower than with one worker, which Amdahl's law cannot explain ` +
      '(its worst case is no speedup at all, s = 1). Costs that grow with k can: coordination, contention for a lock or for memory, ' +
      `or other programs busy on this machine${busyClause(machine)}.` + leftOutNote(record, analysis);
  }
  if (s === null) {
    return `No model curve: ${law} needs a k between 2 and the ${coresOf(record)} cores besides k = 1 (or tick "fit all k").` + leftOutNote(record, analysis);
  }
  const spread = range[1] - range[0] > 0.0005 ? ` (${fixed(range[0], 3)}–${fixed(range[1], 3)} across the fastest and slowest repetitions)` : '';
  const fitted = `fitted to the medians at k = ${analysis.fittedKs.join(', ')}`;
  const head = `Dashed: ${law} ${fitted}${record.mode === 'scaleup' ? '' : ' (least squares on 1/speedup)'}, serial fraction s = ${fixed(s, 3)}${spread}.`;
  let reading;
  if (machine.busy) {
    reading = 'This sweep ran while the machine was busy (see the note above the result), so the fit reads another program\'s use of the cores as serial work: no ceiling is drawn from it.';
  } else if (range[1] - range[0] >= NOISY_FIT_RANGE) {
    reading = `The repetitions allow any s from ${fixed(range[0], 3)} to ${fixed(range[1], 3)}: too noisy to read a serial part or a ceiling from. Run more repetitions, or longer runs.`;
  } else if (record.mode === 'scaleup') {
    reading = 'Ideal scale-up keeps the time flat (efficiency 1) as problem and workers grow together.';
  } else if (range[1] < NO_SERIAL_PART) {
    reading = `No serial part shows at these k, and nothing measured here limits the speedup; a limit, if there is one, lies beyond k = ${Math.max(...analysis.fittedKs)}.`;
  } else {
    reading = `So no number of workers could give more than about 1/s = ${fixed(1 / s, 1)}×. Amdahl counts every loss as serial work; the speedup stack shows which losses these were.`;
  }
  return `${head} ${reading}${record.mode === 'scaleup' ? '' : ' Grey dashes: ideal speedup k.'}` + leftOutNote(record, analysis);
}

/**
 * The sentences from the speedup stack: what the largest k lost and to what,
 * with its share of the workers' time, and what T(1) was made of when most of
 * it was waiting; '' for scale-up sweeps or runs without accounts.
 */
export function stackSummary(record) {
  const { stack, machine } = accountOf(record);
  if (!stack) return '';
  const cores = coresOf(record);
  const bar = stack.bars.at(-1);
  const sentences = [];
  const io = stack.baseline.shares.io_wait;
  if (io >= 0.5) {
    sentences.push(`With 1 worker, ${percent(io)} of the time was waiting for I/O, which uses no core: that is why workers can overlap their waits, and more workers than cores still pay.`);
  }
  if (bar.k === 1) return sentences.join(' ');
  const gap = bar.k - bar.speedup;
  if (-gap > NEARLY_IDEAL * bar.k) {
    sentences.push(`At k = ${bar.k} the speedup was ${fixed(bar.speedup)}×, above the ideal ${bar.k}: each worker took less time for its share ` +
      'than its share of the one-worker runs. A share of the data can fit in caches that all of it did not, or something slowed the runs with 1 worker' +
      `${machine.busy ? ' (this sweep was busy: see the note above the result)' : ''}.`);
    return sentences.join(' ');
  }
  const loss = largestLoss(bar);
  if (gap <= NEARLY_IDEAL * bar.k || !loss) {
    sentences.push(`At k = ${bar.k} the speedup was ${fixed(bar.speedup)}×, within ${percent(NEARLY_IDEAL)} of the ideal ${bar.k}: the workers lost almost no time.`);
    return sentences.join(' ');
  }
  const others = Object.entries(bar.parts).filter(([id, v]) => id !== loss.id && v >= 0.05 * gap).sort((a, b) => b[1] - a[1])
    .map(([id, v]) => `${partLabel(id)} ${fixed(v)}`);
  sentences.push(`At k = ${bar.k} the speedup was ${fixed(bar.speedup)}× of an ideal ${bar.k}. Of the missing ${fixed(gap)}, ${loss.label} took ${fixed(loss.value)} ` +
    `(${percent(loss.value / bar.k)} of the workers' time)${others.length ? `, then ${others.join(', ')}` : ''}: ` +
    `${lossMeaning(loss.id, { k: bar.k, cores, machine, contention: contentionOf(record) })}.`);
  const offsets = offsetSentence(bar);
  if (offsets) sentences.push(offsets);
  const oneWorkerTimes = record.runs.filter((r) => r.k === 1).map((r) => r.timeMs);
  const oneWorkerMs = oneWorkerTimes.length ? median(oneWorkerTimes) : Infinity;
  if (loss.id === 'idle' && oneWorkerMs < SHORT_RUN_MS) {
    // docs/performance.md, "Two helpers on one vCPU": the operating system may wake both workers onto one core until its next tick.
    sentences.push(`With 1 worker a run took ${fixed(oneWorkerMs, 1)} ms: in a run that short, the operating system putting both workers on one core ` +
      'until its next tick (a few ms), or a moment of the browser\'s own work, leaves as much idle time as skew would; in the timeline, ' +
      'a lane that starts only as another ends is the first. A larger problem tells them apart.');
  }
  return sentences.join(' ');
}

/**
 * What the core count means for this sweep: whether the best k lies beyond the
 * cores (possible only when workers wait instead of computing), or the speedup
 * stops at them, or every k had a core of its own. "Extra workers only take
 * turns" is said only when the stack shows that taking turns (inflation) was
 * the largest loss beyond the cores.
 */
export function coresSummary(record, rows) {
  const cores = coresOf(record);
  if (!cores) return '';
  const value = record.mode === 'scaleup' ? (r) => r.efficiency * r.k : (r) => r.speedup;
  const within = rows.filter((r) => r.k <= cores);
  const beyond = rows.filter((r) => r.k > cores);
  const best = (list) => list.reduce((a, b) => (value(b) > value(a) ? b : a));
  const name = record.mode === 'scaleup' ? 'scaled speedup' : 'speedup';
  const { machine } = accountOf(record);
  // More than the cores can give to work that computes all the time: the work mostly waits.
  const pastTheCores = (row) => value(row) > cores * 1.15;
  if (machine.reasons.includes('cores')) {
    const free = `only about ${fixed(machine.freeCores, 1)} were free during this sweep`;
    // Beyond what the cores can give, the work was mostly waiting, which needs no core: the busy cores cannot explain it away.
    if (beyond.length && pastTheCores(best(beyond))) {
      const top = best(beyond);
      return `The browser reports ${cores} cores, and ${free}, yet k = ${top.k} reached a ${name} of ${fixed(value(top))}: ` +
        'these workers spend most of their time waiting, which needs no core, so the other program took little from them.';
    }
    const most = Math.max(...rows.map(value));
    return `The browser reports ${cores} cores, but ${free}, ` +
      `so these figures (at most ${fixed(most)}) show what was left over by the other program, not what ${cores} cores can do.`;
  }
  if (beyond.length === 0) {
    return `The browser reports ${cores} cores: every k here up to ${cores} could have a core of its own.`;
  }
  const top = best(beyond);
  const topWithin = best(within);
  if (pastTheCores(top)) {
    return `The best ${name}, ${fixed(value(top))} at k = ${top.k}, is more than the ${cores} cores the browser reports could give ` +
      'to work that computes all the time: these workers spend most of their time waiting, and a waiting worker uses no core, so more workers than cores still pay.';
  }
  if (machine.busy) {
    // Another program's share of the cores changed from run to run: no law is read from the difference.
    return `Beyond the ${cores} cores the browser reports, k = ${top.k} gave ${fixed(value(top))} and k = ${topWithin.k} gave ${fixed(value(topWithin))}; ` +
      'this sweep ran on a busy machine (see the note above), so the difference says more about the other program than about the work.';
  }
  if (value(top) > value(topWithin) * 1.05) {
    return `k = ${top.k}, beyond the ${cores} cores the browser reports, did better than k = ${topWithin.k} (${fixed(value(top))} against ${fixed(value(topWithin))}), ` +
      `about the ${cores}× that ${cores} cores can give at most: extra workers add no computing power, but smaller shares of uneven work leave fewer cores idle at the end.`;
  }
  const stopped = `Beyond the ${cores} cores the browser reports, the ${name} stops (${fixed(value(topWithin))} at k = ${topWithin.k}, ${fixed(value(top))} at k = ${top.k})`;
  const bar = accountOf(record).stack?.bars.find((b) => b.k === top.k);
  const loss = bar && largestLoss(bar);
  if (loss?.id === 'inflation') {
    return `${stopped}: the work computes all the time, so extra workers only take turns on the same cores (inflation ${fixed(loss.value)} of the missing ${fixed(bar.k - bar.speedup)} at k = ${top.k}). ` +
      `On ${cores} cores, about ${cores}× is the most there is.`;
  }
  if (loss) return `${stopped}; at k = ${top.k} the largest loss was ${loss.label} (${fixed(loss.value)}).`;
  return `${stopped}.`;
}

/** What the GIL did in the run of the largest k (its exact waits), or that the engine had none. */
export function gilSummary(record, k, run) {
  if (!record.gil) return '';
  if (!record.gil.held) {
    return 'The GIL switch was on, but the processes engine has no GIL: each process has its own interpreter, so processes compute at the same time.';
  }
  if (!run?.totals) return '';
  const waited = run.totals.filter((t) => t.kind === 'gil_wait' && Number.isInteger(t.lane)).reduce((sum, t) => sum + t.ms, 0);
  const lanes = run.workers * run.timeMs;
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
