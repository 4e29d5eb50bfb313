import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, fittedKs, timesByK } from './analysis.js';

const record = {
  mode: 'speedup', ks: [1, 2], includeStartup: false, startupMsByK: { 1: 10, 2: 20 },
  runs: [{ k: 1, timeMs: 100 }, { k: 2, timeMs: 60 }, { k: 1, timeMs: 100 }, { k: 2, timeMs: 60 }],
};

test('times are grouped by k, with start-up added only when asked', () => {
  assert.deepEqual([...timesByK(record)], [[1, [100, 100]], [2, [60, 60]]]);
  assert.deepEqual([...timesByK({ ...record, includeStartup: true })], [[1, [110, 110]], [2, [80, 80]]]);
});

test('speedup mode gives speedups, Karp–Flatt and the Amdahl fit', () => {
  const { rows, serialFraction } = analyse(record);
  assert.equal(rows[1].speedup, 100 / 60);
  // One point k = 2 with S = 5/3: 1/S = 0.6 = s + (1 − s)/2, so s = 0.2.
  assert.ok(Math.abs(serialFraction - 0.2) < 1e-12);
  assert.ok(Math.abs(rows[1].karpFlatt - 0.2) < 1e-12);
});

test('scale-up mode gives scaled efficiencies and the Gustafson fit', () => {
  const { rows, serialFraction } = analyse({ ...record, mode: 'scaleup', runs: [{ k: 1, timeMs: 100 }, { k: 2, timeMs: 125 }] });
  assert.equal(rows[1].efficiency, 0.8);
  // Scaled speedup 1.6 = 2 − s, so s = 0.4.
  assert.ok(Math.abs(serialFraction - 0.4) < 1e-12);
});

test('a cancelled sweep without runs at some k leaves those k out', () => {
  assert.deepEqual([...timesByK({ ...record, runs: [{ k: 1, timeMs: 5 }] }).keys()], [1]);
});

// 2 cores; k = 3 and 4 share them, so their speedups stay near 2.
const oversubscribed = {
  mode: 'speedup', ks: [1, 2, 3, 4], includeStartup: false, startupMsByK: {}, hardwareConcurrency: 2,
  runs: [[1, 100], [2, 50.5], [3, 51], [4, 52]].map(([k, timeMs]) => ({ k, timeMs })),
};

test('by default the models are fitted to k within the cores only, and Karp–Flatt is left out beyond them', () => {
  const { rows, serialFraction, fittedKs } = analyse(oversubscribed);
  assert.deepEqual(fittedKs, [1, 2]);
  assert.deepEqual(rows.map((r) => r.fitted), [true, true, false, false]);
  // Only k = 2 counts: 1/S = 0.505 = s + (1 − s)/2, so s = 0.01.
  assert.ok(Math.abs(serialFraction - 0.01) < 1e-12, `s = ${serialFraction}`);
  assert.equal(rows[2].karpFlatt, null);
  assert.equal(rows[3].karpFlatt, null);
});

test('"fit all k" takes the oversubscribed points too, and they look like a large serial fraction', () => {
  const { serialFraction, fittedKs } = analyse({ ...oversubscribed, fitAllK: true });
  assert.deepEqual(fittedKs, [1, 2, 3, 4]);
  assert.ok(serialFraction > 0.25, `s = ${serialFraction}`);
});

test('the fit also gives the range of s across the fastest and slowest repetitions', () => {
  const spread = { ...oversubscribed, runs: [[1, 100], [1, 100], [2, 45], [2, 60]].map(([k, timeMs]) => ({ k, timeMs })) };
  const { serialFraction, serialFractionRange: [low, high] } = analyse(spread);
  // Fastest k = 2 run: S = 100/45 > 2, so s = 0 (clamped); slowest: 1/S = 0.6, s = 0.2.
  assert.equal(low, 0);
  assert.ok(Math.abs(high - 0.2) < 1e-12);
  assert.ok(serialFraction > low && serialFraction < high);
});

test('a browser that reports no core count fits every k', () => {
  assert.deepEqual(fittedKs({ ks: [1, 2, 8], hardwareConcurrency: undefined }), [1, 2, 8]);
});

test('a k slower than one worker gets no Amdahl fit: the law cannot explain it', () => {
  const { serialFraction, slowerKs } = analyse({ ...oversubscribed, runs: [[1, 100], [2, 130]].map(([k, timeMs]) => ({ k, timeMs })), ks: [1, 2] });
  assert.equal(serialFraction, null);
  assert.deepEqual(slowerKs, [2]);
});
