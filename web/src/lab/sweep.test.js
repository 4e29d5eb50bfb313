import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INPUT_FREE_WARM_UPS, MAX_WARM_UPS, WARM_UP_MS, runOrder, runSweep } from './sweep.js';

// Helpers cost 10 ms each to start; the engine keeps as many warm as it is asked to.
function fakeEngine(timeOf) {
  const engine = {
    calls: [],
    warmUps: [],
    renewals: [],
    helpers: 0,
    warmUp: async (count) => {
      engine.warmUps.push(count);
      engine.helpers = Math.max(engine.helpers, count);
      return Array.from({ length: engine.helpers }, (_, i) => 10 * (i + 1));
    },
    renewWhenIdle: (keep) => engine.renewals.push(keep),
    run: async (experiment, params, k, options = {}) => {
      engine.calls.push({ experiment, params, k, options, faultInjection: options.faultInjection });
      const started = Math.max(0, k - engine.helpers);
      engine.helpers = Math.max(engine.helpers, k);
      return { timeMs: timeOf(k, engine.calls.length - 1), helperStartMs: 10 * started, poolBuildMs: 1, checksum: 'c' };
    },
  };
  return engine;
}

test('every k gets one warm-up and every repetition, rounds rotate the start', () => {
  const order = runOrder([1, 2, 4], 3);
  assert.deepEqual(order.filter((s) => s.warmUp).map((s) => s.k), [1, 2, 4]);
  assert.deepEqual(order.filter((s) => !s.warmUp).map((s) => s.k), [1, 2, 4, 2, 4, 1, 4, 1, 2]);
});

test('a sweep keeps each repetition under its k and skips warm-ups', async () => {
  const engine = fakeEngine((k, call) => 200 / k + call);
  const sweep = await runSweep({ engine, experiment: 'x', paramsFor: (k) => ({ n: k }), ks: [2, 1], repetitions: 2, runOptions: { inFlight: 1 } });
  assert.equal(engine.calls.length, 6);
  assert.deepEqual(sweep.timesByK.get(1), [200 + 2, 200 + 5]);
  assert.deepEqual(sweep.timesByK.get(2), [100 + 3, 100 + 4]);
  assert.equal(sweep.runs.length, 4);
  assert.deepEqual(engine.calls.map((c) => c.params.n), engine.calls.map((c) => c.k));
  assert.ok(engine.calls.every((c) => c.options.inFlight === 1));
});

test('start-up of k counts every helper from none to k: warm ones as measured when they started, the others at the warm-ups', async () => {
  const engine = fakeEngine(() => 5);
  const sweep = await runSweep({ engine, experiment: 'x', paramsFor: () => ({}), ks: [1, 2, 4, 8], repetitions: 1, warmHelpers: 2 });
  assert.deepEqual([...sweep.startupMsByK], [[1, 10 + 1], [2, 20 + 1], [4, 40 + 1], [8, 80 + 1]]);
  assert.deepEqual([...sweep.warmHelpersByK], [[1, 1], [2, 2], [4, 2], [8, 2]]);
});

test('a sweep starts from the warm helpers and asks the engine to end the ones beyond them once idle, even when it stops early', async () => {
  const engine = fakeEngine(() => 5);
  await runSweep({ engine, experiment: 'x', paramsFor: () => ({}), ks: [1, 64], repetitions: 1, warmHelpers: 2 });
  assert.deepEqual(engine.warmUps, [2]);
  assert.deepEqual(engine.renewals, [2]);
  engine.run = async () => { throw new Error('a worker stopped'); };
  await assert.rejects(runSweep({ engine, experiment: 'x', paramsFor: () => ({}), ks: [1, 2], repetitions: 1, warmHelpers: 2 }), /a worker stopped/);
  assert.deepEqual(engine.renewals, [2, 2]);
});

test('a sweep whose smallest k is beyond the warm helpers starts all of that k\'s helpers in one batch with them', async () => {
  const engine = fakeEngine(() => 5);
  const sweep = await runSweep({ engine, experiment: 'x', paramsFor: () => ({}), ks: [16, 8], repetitions: 1, warmHelpers: 2 });
  assert.deepEqual(engine.warmUps, [8]);
  assert.deepEqual([...sweep.startupMsByK], [[8, 80 + 1], [16, 80 + 80 + 1]]);
  assert.deepEqual([...sweep.warmHelpersByK], [[8, 8], [16, 8]]);
});

test('helpers still running from a bigger sweep count as warm, with the start-up measured when they started', async () => {
  const engine = fakeEngine(() => 5);
  engine.helpers = 8;
  const sweep = await runSweep({ engine, experiment: 'x', paramsFor: () => ({}), ks: [1, 4, 16], repetitions: 1, warmHelpers: 2 });
  assert.deepEqual([...sweep.startupMsByK], [[1, 10 + 1], [4, 40 + 1], [16, 80 + 80 + 1]]);
  assert.deepEqual([...sweep.warmHelpersByK], [[1, 1], [4, 4], [16, 8]]);
});

test('shouldStop ends the sweep between runs and says so', async () => {
  const engine = fakeEngine(() => WARM_UP_MS);
  const sweep = await runSweep({ engine, experiment: 'x', paramsFor: () => ({}), ks: [1, 2], repetitions: 3, shouldStop: () => engine.calls.length >= 2 });
  assert.equal(engine.calls.length, 2);
  assert.equal(sweep.stopped, true);
});

test('an injected fault goes only with the warm-up of the largest k', async () => {
  const engine = fakeEngine(() => WARM_UP_MS / 2);
  await runSweep({ engine, experiment: 'x', paramsFor: () => ({}), ks: [1, 4, 2], repetitions: 2, faultInjection: 'worker-panic' });
  assert.deepEqual(engine.calls.filter((c) => c.faultInjection).map((c) => c.k), [4]);
  assert.equal(engine.calls.findIndex((c) => c.faultInjection), 4, 'the first warm-up of 4, after two each of 1 and 2');
});

test('short runs are warmed up until their warm-ups have taken WARM_UP_MS, at most MAX_WARM_UPS times, and none is timed', async () => {
  const runMs = { 1: WARM_UP_MS / 4 + 1, 2: WARM_UP_MS / 100, 4: WARM_UP_MS * 2 };
  const engine = fakeEngine((k) => runMs[k]);
  const sweep = await runSweep({ engine, experiment: 'x', paramsFor: () => ({}), ks: [1, 2, 4], repetitions: 1 });
  const warmUps = (k) => engine.calls.filter((c) => c.k === k).length - 1;
  assert.equal(warmUps(1), 4, 'four runs of a quarter of WARM_UP_MS and a bit');
  assert.equal(warmUps(2), MAX_WARM_UPS);
  assert.equal(warmUps(4), 1);
  assert.deepEqual([...sweep.timesByK.values()].map((t) => t.length), [1, 1, 1]);
  assert.deepEqual([...sweep.startupMsByK], [[1, 10 + 1], [2, 20 + 1], [4, 40 + 1]], 'helpers started at the first warm-up only');
});

test('warm-ups go on until INPUT_FREE_WARM_UPS runs in a row made no input, beyond WARM_UP_MS but not beyond MAX_WARM_UPS', async () => {
  // At k = 2 the first three warm-ups make input (a process reads images it had not been given); at k = 4 every run does.
  const engine = fakeEngine(() => WARM_UP_MS * 2);
  const run = engine.run;
  engine.run = async (experiment, params, k, options) => {
    const result = await run(experiment, params, k, options);
    const runsOfK = engine.calls.filter((c) => c.k === k).length;
    return { ...result, madeInput: k === 4 || (k === 2 && runsOfK <= 3) };
  };
  await runSweep({ engine, experiment: 'x', paramsFor: () => ({}), ks: [1, 2, 4], repetitions: 1 });
  const warmUps = (k) => engine.calls.filter((c) => c.k === k).length - 1;
  assert.equal(warmUps(1), 1, 'one long run that made nothing');
  assert.equal(warmUps(2), 3 + INPUT_FREE_WARM_UPS, 'until runs in a row made nothing');
  assert.equal(warmUps(4), MAX_WARM_UPS);
});

test('each run waits for what onProgress returns', async () => {
  const events = [];
  const engine = fakeEngine(() => WARM_UP_MS);
  const run = engine.run;
  engine.run = async (...args) => { events.push('run'); return run(...args); };
  const onProgress = () => new Promise((resolve) => setTimeout(() => { events.push('painted'); resolve(); }, 1));
  await runSweep({ engine, experiment: 'x', paramsFor: () => ({}), ks: [1], repetitions: 2, onProgress });
  assert.deepEqual(events, ['painted', 'run', 'painted', 'run', 'painted', 'run']);
});
