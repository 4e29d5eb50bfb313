import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOrder, runSweep } from './sweep.js';

test('every k gets one warm-up and every repetition, rounds rotate the start', () => {
  const order = runOrder([1, 2, 4], 3);
  assert.deepEqual(order.filter((s) => s.warmUp).map((s) => s.k), [1, 2, 4]);
  const rounds = order.filter((s) => !s.warmUp).map((s) => s.k);
  assert.deepEqual(rounds, [1, 2, 4, 2, 4, 1, 4, 1, 2]);
});

test('a sweep keeps each repetition time under its k and skips warm-ups', async () => {
  let calls = 0;
  const engine = { run: async (_e, _p, k) => ({ timeMs: 100 / k + calls++ }) };
  const { timesByK } = await runSweep({ engine, experiment: 'x', params: {}, ks: [1, 2], repetitions: 2 });
  assert.equal(calls, 6);
  assert.deepEqual(timesByK.get(1), [100 + 2, 100 + 5]);
  assert.deepEqual(timesByK.get(2), [50 + 3, 50 + 4]);
});

test('shouldStop ends the sweep between runs', async () => {
  let calls = 0;
  const engine = { run: async () => ({ timeMs: calls++ }) };
  await runSweep({ engine, experiment: 'x', params: {}, ks: [1, 2], repetitions: 3, shouldStop: () => calls >= 2 });
  assert.equal(calls, 2);
});
