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
