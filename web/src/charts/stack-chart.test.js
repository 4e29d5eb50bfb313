import assert from 'node:assert/strict';
import test from 'node:test';
import { barOrder, stackSegments } from './stack-chart.js';

test('the segments of a bar run from 0 to the speedup, then up to k; a gain is drawn below the top of the measured bar', () => {
  const stack = { bars: [
    { k: 1, speedup: 1, parts: { inflation: 0, idle: 0 } },
    { k: 2, speedup: 1.5, parts: { inflation: -0.1, lock_wait: 0.4, idle: 0.2 } },
  ] };
  const two = stackSegments(stack).filter((s) => s.k === '2');
  assert.deepEqual(two.map((s) => [s.id, +s.y1.toFixed(6), +s.y2.toFixed(6)]), [
    ['measured', 0, 1.5], ['inflation', 1.4, 1.5], ['lock_wait', 1.5, 1.9], ['idle', 1.9, 2.1],
  ]);
  assert.equal(stackSegments(stack).filter((s) => s.k === '1').length, 1);
});

test('the bars stand in the order of k as numbers, not as text', () => {
  const bar = (k) => ({ k, speedup: 1, parts: {} });
  assert.deepEqual(barOrder({ bars: [bar(1), bar(64), bar(8)] }), ['1', '8', '64']);
});
