import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amdahlSpeedup } from '../lab/stats.js';
import { axisType, drawnValueAt, logTicks, modelCurve } from './worker-axis.js';

test('the drawn ideal line passes through (k, k) at every measured k, on a log axis too', () => {
  for (const ks of [[1, 2, 4, 8, 16, 40], [1, 2, 3, 4], [1, 8, 40, 64], [1, 2]]) {
    const maxK = Math.max(...ks);
    const type = axisType(maxK);
    const ideal = modelCurve(maxK, (k) => ({ speedup: k }));
    for (const k of ks) {
      const drawn = drawnValueAt(ideal, k, 'speedup', type);
      assert.ok(Math.abs(drawn - k) / k < 0.01, `${type} axis up to ${maxK}: ideal drawn at k = ${k} is ${drawn}`);
    }
  }
});

test('a two-point ideal line, as drawn before, misses k = 16 on a log axis: the test can fail', () => {
  const twoPoints = [{ k: 1, speedup: 1 }, { k: 40, speedup: 40 }];
  assert.ok(drawnValueAt(twoPoints, 16, 'speedup', 'log') > 25);
});

test('model curves follow their law wherever they are drawn', () => {
  const maxK = 64;
  const amdahl = modelCurve(maxK, (k) => ({ speedup: amdahlSpeedup(0.9, k) }));
  assert.equal(amdahl[0].k, 1);
  assert.equal(amdahl.at(-1).k, maxK);
  for (const k of [1, 3, 10, 33, 64]) {
    const drawn = drawnValueAt(amdahl, k, 'speedup', 'log');
    assert.ok(Math.abs(drawn - amdahlSpeedup(0.9, k)) < 0.02, `k = ${k}: ${drawn}`);
  }
});

test('a log axis gets ticks 1, 2, 5 of every decade inside it', () => {
  assert.deepEqual(logTicks(0.8, 60), [1, 2, 5, 10, 20, 50]);
  assert.deepEqual(logTicks(0.3, 1.5), [0.5, 1]);
});
