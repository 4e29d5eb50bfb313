// Every target of the bench, held against the figures of one run (the shape of
// bench/results/latest.json): each becomes { target, figure, shown, beside,
// met, evidence? }, where `shown` is the figure as printed, `beside` the floor or
// native figure it is held against, if any, and `evidence` what the same run
// measured about a miss (lines printed under it). A target whose figures were
// not measured (a run with --only) is left out.
import { cases as caseSettings, targets } from './cases.js';

const f = (value, digits = 2) => value.toFixed(digits);
const limitText = ({ atLeast, atMost }, unit = '') => (atLeast !== undefined ? `≥ ${atLeast}${unit}` : `≤ ${atMost}${unit}`);
const within = ({ atLeast, atMost }, value) => (atLeast !== undefined ? value >= atLeast : value <= atMost);

/**
 * A target that every case (or experiment) must meet: the worst one is the
 * figure, the misses are named, and `explain(entry)` may add a line of
 * evidence for a miss.
 */
function everyOne(target, limit, entries, describe, explain = () => null) {
  if (entries.length === 0) return [];
  const worst = entries.reduce((a, b) => (limit.atLeast !== undefined ? (b.value < a.value ? b : a) : (b.value > a.value ? b : a)));
  const misses = entries.filter((e) => !within(limit, e.value));
  const evidence = misses.map(explain).filter(Boolean);
  return [{
    target: `${target} ${limitText(limit)}`,
    figure: worst.value,
    shown: `worst ${f(worst.value)} (${worst.name}${describe ? `: ${describe(worst)}` : ''})`,
    beside: misses.length ? `${misses.length} of ${entries.length} miss: ${misses.map((e) => `${e.name} (${f(e.value)})`).join(', ')}` : `all ${entries.length} within`,
    met: misses.length === 0,
    ...(evidence.length > 0 && { evidence }),
  }];
}

// A run at k = 2 this much slower than the fastest of its case lost part of a core (docs/performance.md,
// "Two helpers on one vCPU"): the two workers of a fast run each take about half the time of k = 1.
const SLOW_RUN = 1.5;

/**
 * Why a case's speedup at k fell short of native's, from its own runs: how
 * many runs at k took SLOW_RUN× its fastest or more, and what its fastest run
 * alone would give. When the fastest is within the target, the kernel scales
 * in wasm and the slow runs lost a core; when it is not, the kernel itself does not.
 */
function slowRunEvidence({ name, row, k1, limit }) {
  const times = row.timesMs ?? [];
  if (times.length === 0 || !k1) return null;
  const fastest = Math.min(...times);
  const slow = times.filter((t) => t >= SLOW_RUN * fastest).length;
  const fastestOfNative = k1.medianMs / fastest / row.native.speedup;
  const runs = `${slow} of ${times.length} runs at k = ${row.k} took ${SLOW_RUN}× its fastest (${f(fastest, 1)} ms) or more`;
  // More than k workers can give: native's own runs at k = 1 were slow, and the ratio says little about wasm.
  if (row.native.speedup > row.k) {
    return `${name}: native's own speedup, ${f(row.native.speedup)}, is more than its ${row.k} workers can give, so its runs at k = 1 were slow `
      + `(docs/performance.md, "Native's own spread on the shortest cases"); this run's fastest at k = ${row.k} gives a speedup of ${f(k1.medianMs / fastest)} (${runs})`;
  }
  return within(limit, fastestOfNative)
    ? `${name}: ${runs}; the fastest alone gives ${f(fastestOfNative)} of native's speedup, so the kernel scales and the slow runs lost part of a core (docs/performance.md, "Two helpers on one vCPU")`
    : `${name}: even its fastest run at k = ${row.k} gives only ${f(fastestOfNative)} of native's speedup (${runs}): the kernel scales worse in wasm${causeOf(name)}`;
}

// What the profiles found behind a case's wasm cost (bench/cases.js), to quote after a miss its own runs confirm.
const causeOf = (name) => {
  const cost = caseSettings.find((c) => c.name === name)?.wasmCost;
  return `; ${cost ?? 'the cause is not traced'}`;
};

/**
 * Whether a case's wasm ÷ native time at k = 1 is its code or this run's
 * spread: the fastest run on each side held against the same target. When
 * even the fastest runs miss, the line quotes what the profiles found.
 */
function timeGapEvidence({ name, row, limit }) {
  if (!row.timesMs?.length || !row.native?.timesMs?.length) return null;
  const fastest = Math.min(...row.timesMs);
  const nativeFastest = Math.min(...row.native.timesMs);
  const ratio = fastest / nativeFastest;
  const runs = `its fastest run, ${f(fastest, 1)} ms, is ${f(ratio)}× native's fastest (${f(nativeFastest, 1)} ms)`;
  return within(limit, ratio)
    ? `${name}: ${runs}, within the target, so the medians' gap (${f(row.medianMs, 1)} against ${f(row.native.medianMs, 1)} ms) is this run's spread, not the code`
    : `${name}: even ${runs}, so the gap is the code's, not this run's spread${causeOf(name)}`;
}

function caseTargets(results) {
  const byName = new Map(results.cases.map((c) => [c.name, c]));
  const lines = [];
  for (const settings of caseSettings) {
    const measured = byName.get(settings.name);
    if (!measured) continue;
    if (settings.target) {
      const row = measured.rows.find((r) => r.k === settings.target.k);
      lines.push({
        target: `${settings.name}: speedup at k = ${settings.target.k} ${limitText(settings.target)}`,
        figure: row.speedup, shown: f(row.speedup), beside: row.native ? `native ${f(row.native.speedup)}` : null,
        met: within(settings.target, row.speedup),
      });
    }
    const other = settings.ratioTo && byName.get(settings.ratioTo.name);
    if (other) {
      const ratio = measured.rows[0].medianMs / other.rows[0].medianMs;
      const { target, within: tolerance } = settings.ratioTo;
      lines.push({
        target: `${settings.name} ÷ ${settings.ratioTo.name} at k = 1 within ${100 * tolerance} % of ${f(target, 3)}`,
        figure: ratio, shown: f(ratio, 3), beside: `off by ${f(100 * Math.abs(ratio / target - 1), 1)} %`,
        met: Math.abs(ratio / target - 1) <= tolerance,
      });
    }
  }
  return lines;
}

function nativeTargets(results) {
  const atK = (k, value) => results.cases.flatMap((c) => {
    const row = c.rows.find((r) => r.k === k);
    return row?.native ? [{ name: c.name, value: value(row), row, k1: c.rows.find((r) => r.k === 1) }] : [];
  });
  const { speedupOfNative: speedup, timeOverNative: time } = targets;
  return [
    ...everyOne(`wasm speedup ÷ native speedup at k = ${speedup.k}, every case,`, speedup, atK(speedup.k, (r) => r.speedup / r.native.speedup), null,
      (miss) => slowRunEvidence({ ...miss, limit: speedup })),
    ...everyOne(`wasm ÷ native time at k = ${time.k}, every case,`, time, atK(time.k, (r) => r.wasmOverNative), null,
      (miss) => timeGapEvidence({ ...miss, limit: time })),
  ];
}

// A dispatch miss, split at the browser's floor: what no pool in this browser
// could avoid, and what the target left for the code above it.
function dispatchGapEvidence({ medianUs, nativeMedianUs, floorMedianUs }, atMost) {
  const allowedUs = atMost * nativeMedianUs;
  if (floorMedianUs >= allowedUs) {
    return `the browser's own floor, ${f(floorMedianUs, 1)} µs, is already above the ${f(allowedUs, 1)} µs the target allows: no pool in this browser could have met it in this run`;
  }
  return `${f(medianUs - floorMedianUs, 1)} µs of the region came above the browser's floor, where the target leaves ${f(allowedUs - floorMedianUs, 1)} µs; `
    + 'the code above the floor is rayon\'s way of waking its workers and being woken (a lock and a condition variable per worker), '
    + 'which parlab runs unchanged (docs/performance.md, "Dispatch: in a row or after idle")';
}

function fixedCostTargets({ dispatch = [], startups = [], emptyWorkers, processes = [] }) {
  const lines = [];
  const { ks, atMost } = targets.dispatchAfterIdleOverNative;
  for (const d of dispatch.filter((d) => d.idleUs > 0 && ks.includes(d.k))) {
    const ratio = d.medianUs / d.nativeMedianUs;
    // The browser's own floor over native: how much of the gap no code in the page can close.
    const floorOverNative = d.floorMedianUs && d.floorMedianUs / d.nativeMedianUs;
    const met = ratio <= atMost;
    lines.push({
      target: `dispatch after ${d.idleUs / 1000} ms idle, k = ${d.k}, ÷ native rayon's ≤ ${atMost}`,
      figure: ratio, shown: `${f(ratio)} (${f(d.medianUs, 1)} µs)`,
      beside: `native ${f(d.nativeMedianUs, 1)} µs${floorOverNative ? `; the browser's floor alone is ${f(floorOverNative)}× native (${f(d.floorMedianUs, 1)} µs)` : ''}`,
      met,
      ...(!met && floorOverNative && { evidence: [dispatchGapEvidence(d, atMost)] }),
    });
  }
  const floor = targets.startupOverEmptyWorkers;
  const startup = startups.find((s) => s.k === floor.k);
  if (startup && emptyWorkers?.k === floor.k) {
    const ratio = startup.medianMs / emptyWorkers.medianMs;
    lines.push({
      target: `pool start-up, fresh engine, k = ${floor.k}, ÷ ${floor.k} empty module workers ≤ ${floor.atMost}`,
      figure: ratio, shown: `${f(ratio)} (${f(startup.medianMs, 0)} ms)`, beside: `floor ${f(emptyWorkers.medianMs, 0)} ms`, met: ratio <= floor.atMost,
    });
  }
  const limit = targets.startupMs;
  const big = startups.find((s) => s.k === limit.k);
  if (big) {
    lines.push({
      target: `pool start-up, fresh engine, k = ${limit.k}, ≤ ${limit.atMost} ms`,
      figure: big.medianMs, shown: `${f(big.medianMs, 0)} ms`, beside: null, met: big.medianMs <= limit.atMost,
    });
  }
  lines.push(...everyOne('processes ÷ threads at k = 1, every experiment,', targets.processesOverThreads,
    processes.map((p) => ({ name: p.title, value: p.ratio, p })), ({ p }) => `${f(p.processesMs, 1)} ÷ ${f(p.threadsMs, 1)} ms`, messageEvidence));
  return lines;
}

// What one message round costs a process's own thread in Chromium, measured
// from its chunks' own timestamps (docs/performance.md).
const PER_MESSAGE_COST = 'in a probe of these runs, a chunk cost its process a median of 55 µs of its own thread between it and the next one, already waiting, '
  + '35 µs of them in postMessage of its answer, most of it waking the sleeping thread it posts to (10 µs to a thread that is awake), '
  + 'and more chunks in flight did not remove it (docs/performance.md, "The processes engine at k = 1")';

/**
 * Where a miss of processes ÷ threads went, from the runs' own accounts
 * (medians): the process's time waiting for messages, and its computing
 * against the threads engine's worker.
 */
function messageEvidence({ name, p }) {
  if (!p.accounts) return null;
  const { processes, threads } = p.accounts;
  const extra = p.processesMs - p.threadsMs;
  return `${name}: ${f(extra, 1)} ms more on processes, where its process waited ${f(processes.messageMs, 1)} ms for messages `
    + `and computed ${f(processes.computeMs, 1)} ms, against ${f(threads.computeMs, 1)} ms on threads; `
    + PER_MESSAGE_COST;
}

export function evaluateTargets(results) {
  return [...caseTargets(results), ...nativeTargets(results), ...fixedCostTargets(results.fixedCosts)];
}
