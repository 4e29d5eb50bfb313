import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTargets } from './targets.js';

// A row of a case at k with the browser's and native's speedups and times (the shape of latest.json).
const row = (k, { speedup, nativeSpeedup, medianMs = 10, wasmOverNative = 1 }) => ({
  k, medianMs, speedup, wasmOverNative, native: nativeSpeedup === undefined ? null : { speedup: nativeSpeedup },
});
const caseOf = (name, rows) => ({ name, rows });

test('a target over every case is held by its worst case, and names each case that misses', () => {
  const results = {
    cases: [
      caseOf('toasts', [row(1, { speedup: 1, nativeSpeedup: 1, wasmOverNative: 1.05 }), row(2, { speedup: 1.9, nativeSpeedup: 2 })]),
      caseOf('join repartition', [row(1, { speedup: 1, nativeSpeedup: 1, wasmOverNative: 1.4 }), row(2, { speedup: 1.13, nativeSpeedup: 2.26 })]),
      // On the processes engine there is no native counterpart: it counts for neither ratio.
      caseOf('toasts, processes (no GIL)', [row(1, { speedup: 1 }), row(2, { speedup: 0.1 })]),
    ],
    fixedCosts: {},
  };
  const lines = evaluateTargets(results);
  const ofNative = lines.find((l) => l.target.startsWith('wasm speedup ÷ native speedup'));
  assert.equal(ofNative.figure, 0.5);
  assert.equal(ofNative.met, false);
  assert.match(ofNative.beside, /^1 of 2 miss: join repartition \(0\.50\)$/);
  const time = lines.find((l) => l.target.startsWith('wasm ÷ native time'));
  assert.equal(time.figure, 1.4);
  assert.equal(time.met, false);
  const processes = lines.find((l) => l.target.startsWith('toasts, processes (no GIL): speedup'));
  assert.equal(processes.met, false, "the case's own target (≥ 1.6) is held too");
});

test('fixed costs are held against their floors, and what a run did not measure is left out', () => {
  const fixedCosts = {
    dispatch: [{ k: 2, idleUs: 0, medianUs: 100, nativeMedianUs: 10 }, { k: 2, idleUs: 1000, medianUs: 120, nativeMedianUs: 100 }],
    startups: [{ k: 8, medianMs: 150 }, { k: 64, medianMs: 900 }],
    emptyWorkers: { k: 8, medianMs: 60 },
    processes: [{ title: 'Toasts', ratio: 1.1, processesMs: 11, threadsMs: 10 }, { title: 'Image batch', ratio: 1.36, processesMs: 136, threadsMs: 100 }],
  };
  const lines = evaluateTargets({ cases: [], fixedCosts });
  const byStart = (start) => lines.find((l) => l.target.startsWith(start));
  // Only the dispatch after idle has a target; the one in a row is printed, not judged.
  assert.equal(lines.filter((l) => l.target.startsWith('dispatch')).length, 1);
  assert.equal(byStart('dispatch after 1 ms idle, k = 2').met, true);
  assert.equal(byStart('pool start-up, fresh engine, k = 8').figure, 2.5);
  assert.equal(byStart('pool start-up, fresh engine, k = 8').met, false);
  assert.equal(byStart('pool start-up, fresh engine, k = 64').met, true);
  const processes = byStart('processes ÷ threads');
  assert.equal(processes.figure, 1.36);
  assert.match(processes.beside, /Image batch \(1\.36\)/);
  assert.deepEqual(evaluateTargets({ cases: [], fixedCosts: {} }), [], 'a run with --only of nothing judges nothing');
});

test("the dispatch target says how much of the gap to native is the browser's own floor", () => {
  const dispatch = [{ k: 8, idleUs: 1000, medianUs: 200, nativeMedianUs: 100, floorMedianUs: 180 }];
  const [ofNative] = evaluateTargets({ cases: [], fixedCosts: { dispatch } });
  assert.equal(ofNative.met, false);
  assert.match(ofNative.beside, /the browser's floor alone is 1\.80× native \(180\.0 µs\)/);
  assert.match(ofNative.evidence[0], /floor, 180\.0 µs, is already above the 125\.0 µs the target allows: no pool in this browser could have met it/);
});

test('a dispatch miss above a floor that left room says how much came above the floor and how much the target left', () => {
  const dispatch = [
    { k: 2, idleUs: 1000, medianUs: 115, nativeMedianUs: 88, floorMedianUs: 37.5 },
    { k: 8, idleUs: 1000, medianUs: 100, nativeMedianUs: 90, floorMedianUs: 80 },
  ];
  const [missed, met] = evaluateTargets({ cases: [], fixedCosts: { dispatch } });
  assert.equal(missed.met, false);
  assert.match(missed.evidence[0], /^77\.5 µs of the region came above the browser's floor, where the target leaves 72\.5 µs; .*rayon/);
  assert.equal(met.met, true);
  assert.equal(met.evidence, undefined, 'a met target needs no evidence');
});

test("a case short of native's speedup says whether its fastest run scaled, from the case's own runs", () => {
  const k1 = { k: 1, medianMs: 10, speedup: 1, wasmOverNative: 1, native: { speedup: 1 } };
  const atK2 = (timesMs) => ({ k: 2, medianMs: timesMs[2], speedup: 10 / timesMs[2], wasmOverNative: 1, native: { speedup: 2 }, timesMs });
  const results = {
    cases: [
      // Two of five runs took a core's worth of time: the fastest (5 ms) scales as natively.
      caseOf('aggregate partials', [k1, atK2([5, 5.2, 7.2, 9.8, 10])]),
      // Every run is slow alike: the kernel itself scales worse.
      caseOf('counter atomic', [k1, atK2([8, 8.1, 8.2, 8.3, 8.4])]),
      caseOf('toasts', [k1, atK2([5, 5, 5, 5, 5])]),
      // Native at k = 2 more than twice as fast as at k = 1: the ratio is native's noise.
      caseOf('scan', [k1, { ...atK2([5, 5, 5.1, 9, 9]), native: { speedup: 3.1 } }]),
    ],
    fixedCosts: {},
  };
  const ofNative = evaluateTargets(results).find((l) => l.target.startsWith('wasm speedup ÷ native speedup'));
  assert.equal(ofNative.met, false);
  assert.equal(ofNative.evidence.length, 3, 'one line per miss, none for the case that met it');
  assert.match(ofNative.evidence[2], /^scan: native's own speedup, 3\.10, is more than its 2 workers can give, so its runs at k = 1 were slow .*; this run's fastest at k = 2 gives a speedup of 2\.00 \(2 of 5 runs/);
  assert.match(ofNative.evidence[0], /^aggregate partials: 2 of 5 runs at k = 2 took 1\.5× its fastest \(5\.0 ms\) or more; the fastest alone gives 1\.00 of native's speedup, so the kernel scales/);
  assert.match(ofNative.evidence[1], /^counter atomic: even its fastest run at k = 2 gives only 0\.63 of native's speedup \(0 of 5 runs.*; V8 compiles wasm's atomic add to a load and a compare-and-swap/);
});

test('a case slower than native at k = 1 says whether its fastest runs are too, and quotes the cause the profiles found', () => {
  const atK1 = (timesMs, nativeTimesMs) => {
    const median = (times) => [...times].sort((a, b) => a - b)[2];
    return { k: 1, medianMs: median(timesMs), speedup: 1, wasmOverNative: median(timesMs) / median(nativeTimesMs), native: { speedup: 1, medianMs: median(nativeTimesMs), timesMs: nativeTimesMs }, timesMs };
  };
  const results = {
    cases: [
      // Every run far from native's: the code's gap, with the cause bench/cases.js names.
      caseOf('counter atomic', [atK1([84, 88, 89, 90, 91], [52, 53, 53, 54, 54])]),
      // Slow medians, but the fastest runs are level: this run's spread.
      caseOf('sample sort', [atK1([20, 27, 28, 29, 30], [19, 20, 20, 21, 21])]),
      // No cause recorded: said so.
      caseOf('counter lock', [atK1([147, 160, 163, 164, 167], [113, 113, 115, 115, 118])]),
      caseOf('toasts', [atK1([10, 10, 10, 10, 10], [10, 10, 10, 10, 10])]),
    ],
    fixedCosts: {},
  };
  const time = evaluateTargets(results).find((l) => l.target.startsWith('wasm ÷ native time'));
  assert.equal(time.met, false);
  assert.equal(time.evidence.length, 3, 'one line per miss, none for the case that met it');
  assert.match(time.evidence[0], /^counter atomic: even its fastest run, 84\.0 ms, is 1\.62× native's fastest \(52\.0 ms\), so the gap is the code's, not this run's spread; V8 compiles/);
  assert.match(time.evidence[1], /^sample sort: its fastest run, 20\.0 ms, is 1\.05× native's fastest \(19\.0 ms\), within the target, so the medians' gap \(28\.0 against 20\.0 ms\) is this run's spread/);
  assert.match(time.evidence[2], /^counter lock: even its fastest run, 147\.0 ms, is 1\.30× native's fastest \(113\.0 ms\), so the gap is the code's.*; the cause is not traced$/);
});

test('a processes engine that misses says how much of its extra time its process waited for messages', () => {
  const accounts = { processes: { messageMs: 20, computeMs: 80 }, threads: { computeMs: 68 } };
  const processes = [{ title: 'image batch', ratio: 1.4, processesMs: 100, threadsMs: 70, accounts }, { title: 'toasts', ratio: 1, processesMs: 10, threadsMs: 10, accounts }];
  const line = evaluateTargets({ cases: [], fixedCosts: { processes } }).find((l) => l.target.startsWith('processes ÷ threads'));
  assert.equal(line.evidence.length, 1);
  assert.match(line.evidence[0], /^image batch: 30\.0 ms more on processes, where its process waited 20\.0 ms for messages and computed 80\.0 ms, against 68\.0 ms on threads; in a probe of these runs, a chunk cost its process a median of 55 µs/);
});
