// Every target of the bench, held against the figures of one run (the shape of
// bench/results/latest.json): each becomes { target, figure, shown, beside,
// met }, where `shown` is the figure as printed and `beside` the floor or
// native figure it is held against, if any. A target whose figures were not
// measured (a run with --only) is left out.
import { cases as caseSettings, targets } from './cases.js';

const f = (value, digits = 2) => value.toFixed(digits);
const limitText = ({ atLeast, atMost }, unit = '') => (atLeast !== undefined ? `≥ ${atLeast}${unit}` : `≤ ${atMost}${unit}`);
const within = ({ atLeast, atMost }, value) => (atLeast !== undefined ? value >= atLeast : value <= atMost);

/** A target that every case (or experiment) must meet: the worst one is the figure, the misses are named. */
function everyOne(target, limit, entries, describe) {
  if (entries.length === 0) return [];
  const worst = entries.reduce((a, b) => (limit.atLeast !== undefined ? (b.value < a.value ? b : a) : (b.value > a.value ? b : a)));
  const misses = entries.filter((e) => !within(limit, e.value));
  return [{
    target: `${target} ${limitText(limit)}`,
    figure: worst.value,
    shown: `worst ${f(worst.value)} (${worst.name}${describe ? `: ${describe(worst)}` : ''})`,
    beside: misses.length ? `${misses.length} of ${entries.length} miss: ${misses.map((e) => `${e.name} (${f(e.value)})`).join(', ')}` : `all ${entries.length} within`,
    met: misses.length === 0,
  }];
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
    return row?.native ? [{ name: c.name, value: value(row) }] : [];
  });
  const { speedupOfNative: speedup, timeOverNative: time } = targets;
  return [
    ...everyOne(`wasm speedup ÷ native speedup at k = ${speedup.k}, every case,`, speedup, atK(speedup.k, (r) => r.speedup / r.native.speedup)),
    ...everyOne(`wasm ÷ native time at k = ${time.k}, every case,`, time, atK(time.k, (r) => r.wasmOverNative)),
  ];
}

function fixedCostTargets({ dispatch = [], startups = [], emptyWorkers, processes = [] }) {
  const lines = [];
  const { ks, atMost } = targets.dispatchAfterIdleOverNative;
  for (const d of dispatch.filter((d) => d.idleUs > 0 && ks.includes(d.k))) {
    const ratio = d.medianUs / d.nativeMedianUs;
    // The browser's own floor over native: how much of the gap no code in the page can close.
    const floorOverNative = d.floorMedianUs && d.floorMedianUs / d.nativeMedianUs;
    lines.push({
      target: `dispatch after ${d.idleUs / 1000} ms idle, k = ${d.k}, ÷ native rayon's ≤ ${atMost}`,
      figure: ratio, shown: `${f(ratio)} (${f(d.medianUs, 1)} µs)`,
      beside: `native ${f(d.nativeMedianUs, 1)} µs${floorOverNative ? `; the browser's floor alone is ${f(floorOverNative)}× native (${f(d.floorMedianUs, 1)} µs)` : ''}`,
      met: ratio <= atMost,
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
    processes.map((p) => ({ name: p.title, value: p.ratio, p })), ({ p }) => `${f(p.processesMs, 1)} ÷ ${f(p.threadsMs, 1)} ms`));
  return lines;
}

export function evaluateTargets(results) {
  return [...caseTargets(results), ...nativeTargets(results), ...fixedCostTargets(results.fixedCosts)];
}
