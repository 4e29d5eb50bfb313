import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOrder, runSweep } from './sweep.js';

function fakeEngine(timeOf) {
  const engine = {
    calls: [],
    restarts: 0,
    restart: async () => { engine.restarts++; },
    run: async (experiment, params, k, { faultInjection } = {}) => {
      engine.calls.push({ experiment, params, k, faultInjection });
      return { timeMs: timeOf(k, engine.calls.length - 1), helperStartMs: 10 * k, poolBuildMs: 1, checksum: 'c' };
    },
  };
  return engine;
}

test('every k gets one warm-up and every repetition, rounds rotate the start', () => {
  const order = runOrder([1, 2, 4], 3);
  assert.deepEqual(order.filter((s) => s.warmUp).map((s) => s.k), [1, 2, 4]);
  assert.deepEqual(order.filter((s) => !s.warmUp).map((s) => s.k), [1, 2, 4, 2, 4, 1, 4, 1, 2]);
});

test('a sweep restarts the engine, keeps each repetition under its k and skips warm-ups', async () => {
  const engine = fakeEngine((k, call) => 100 / k + call);
  const sweep = await runSweep({ engine, experiment: 'x', paramsFor: (k) => ({ n: k }), ks: [2, 1], repetitions: 2 });
  assert.equal(engine.restarts, 1);
  assert.equal(engine.calls.length, 6);
  assert.deepEqual(sweep.timesByK.get(1), [100 + 2, 100 + 5]);
  assert.deepEqual(sweep.timesByK.get(2), [50 + 3, 50 + 4]);
  assert.equal(sweep.runs.length, 4);
  assert.deepEqual(engine.calls.map((c) => c.params.n), engine.calls.map((c) => c.k));
});

test('start-up of k counts every helper started up to k, measured at the warm-ups', async () => {
  const sweep = await runSweep({ engine: fakeEngine(() => 5), experiment: 'x', paramsFor: () => ({}), ks: [1, 2, 4], repetitions: 1 });
  assert.deepEqual([...sweep.startupMsByK], [[1, 10 + 1], [2, 30 + 1], [4, 70 + 1]]);
});

test('shouldStop ends the sweep between runs and says so', async () => {
  const engine = fakeEngine(() => 1);
  const sweep = await runSweep({ engine, experiment: 'x', paramsFor: () => ({}), ks: [1, 2], repetitions: 3, shouldStop: () => engine.calls.length >= 2 });
  assert.equal(engine.calls.length, 2);
  assert.equal(sweep.stopped, true);
});

test('an injected fault goes only with the warm-up of the largest k', async () => {
  const engine = fakeEngine(() => 5);
  await runSweep({ engine, experiment: 'x', paramsFor: () => ({}), ks: [1, 4, 2], repetitions: 2, faultInjection: 'worker-panic' });
  assert.deepEqual(engine.calls.filter((c) => c.faultInjection).map((c) => c.k), [4]);
  assert.equal(engine.calls.findIndex((c) => c.faultInjection), 2, 'the third warm-up: 1, 2, then 4');
});
