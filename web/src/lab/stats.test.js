import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, summarise, speedupRows } from './stats.js';

test('median of odd and even counts', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]));
});

test('summarise gives median, min and max', () => {
  assert.deepEqual(summarise([30, 10, 20]), { median: 20, min: 10, max: 30 });
});

test('speedup is the ratio of medians, with spread and efficiency', () => {
  const rows = speedupRows(new Map([[2, [60, 50, 55]], [1, [100, 120, 110]]]));
  assert.deepEqual(rows.map((r) => r.k), [1, 2]);
  assert.equal(rows[0].speedup, 1);
  assert.equal(rows[1].speedup, 110 / 55);
  assert.equal(rows[1].speedupLow, 110 / 60);
  assert.equal(rows[1].speedupHigh, 110 / 50);
  assert.equal(rows[1].efficiency, 110 / 55 / 2);
});

test('speedup needs a 1-worker baseline', () => {
  assert.throws(() => speedupRows(new Map([[2, [1]]])), /baseline/);
});

import { amdahlSpeedup, fitAmdahlSerialFraction, fitGustafsonSerialFraction, gustafsonEfficiency, karpFlatt, scaleupRows } from './stats.js';

const close = (actual, expected, tolerance = 1e-9) => assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≉ ${expected}`);

test('Amdahl: p = 0 gives no speedup, p = 1 gives k, in between it saturates at 1/(1 − p)', () => {
  assert.equal(amdahlSpeedup(0, 8), 1);
  assert.equal(amdahlSpeedup(1, 8), 8);
  close(amdahlSpeedup(0.9, 1e9), 10, 1e-6);
  close(amdahlSpeedup(0.5, 2), 4 / 3);
});

test('the Amdahl fit recovers a known serial fraction from synthetic times', () => {
  for (const s of [0, 0.05, 0.3, 1]) {
    const timesByK = new Map([1, 2, 4, 8, 16].map((k) => [k, [1000 * (s + (1 - s) / k)]]));
    close(fitAmdahlSerialFraction(speedupRows(timesByK)), s);
  }
  assert.equal(fitAmdahlSerialFraction([{ k: 1, speedup: 1 }]), null);
});

test('the Amdahl fit stays in [0, 1] for superlinear or slower-than-serial data', () => {
  assert.equal(fitAmdahlSerialFraction([{ k: 1, speedup: 1 }, { k: 2, speedup: 2.5 }]), 0);
  assert.equal(fitAmdahlSerialFraction([{ k: 1, speedup: 1 }, { k: 2, speedup: 0.5 }]), 1);
});

test('Karp–Flatt gives back the serial fraction of an exact Amdahl speedup', () => {
  close(karpFlatt(amdahlSpeedup(0.8, 4), 4), 0.2);
  assert.equal(karpFlatt(1, 1), null);
});

test('scale-up efficiency is T(1, n) / T(k, n·k), ideal 1', () => {
  const rows = scaleupRows(new Map([[1, [100]], [2, [100, 110, 125]]]));
  assert.equal(rows[1].efficiency, 100 / 110);
  assert.equal(rows[1].efficiencyLow, 100 / 125);
  assert.equal(rows[0].efficiency, 1);
});

test('the Gustafson fit recovers a known serial fraction', () => {
  const s = 0.2;
  const rows = [1, 2, 4, 8].map((k) => ({ k, efficiency: gustafsonEfficiency(s, k) }));
  close(fitGustafsonSerialFraction(rows), s);
  assert.equal(gustafsonEfficiency(0, 8), 1);
});
