import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, timesByK } from './analysis.js';

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
