import assert from 'node:assert/strict';
import test from 'node:test';
import { busyLine, busySentence, freeCoresFrom, machineState, measureFreeCores } from './quiet-check.js';

const record = (times, quiet, cores = 2) => ({ hardwareConcurrency: cores, quiet, runs: times.map((timeMs) => ({ k: 1, timeMs })) });

test('each worker counts its speed against one alone, at most one core', () => {
  assert.equal(freeCoresFrom(4, [{ tasks: 6, computeMs: 24 }, { tasks: 6, computeMs: 24 }]), 2);
  // One core busy with another program: two spinners share the rest, 2/3 of a core each.
  assert.ok(Math.abs(freeCoresFrom(4, [{ tasks: 6, computeMs: 36 }, { tasks: 6, computeMs: 36 }]) - 4 / 3) < 1e-12);
  assert.equal(freeCoresFrom(4, [{ tasks: 6, computeMs: 20 }, { tasks: 0, computeMs: 0 }]), 1);
});

test('a sweep is busy when the free cores fall short by more than half a core', () => {
  assert.equal(machineState(record([10, 10.5, 10.2], { freeCores: 1.9 })).busy, false);
  const busy = machineState(record([10, 10.5, 10.2], { freeCores: 1.3 }));
  assert.deepEqual([busy.busy, busy.reasons], [true, ['cores']]);
  assert.match(busySentence(busy), /about 1\.3 of the 2 cores the browser reports were free.*run again/);
  assert.equal(busyLine(busy), 'Busy machine (about 1.3 of 2 cores free): run again when it is quiet.');
});

test('a sweep is busy when its one-worker runs spread more than 15 %', () => {
  const noisy = machineState(record([10, 12, 10.5], { freeCores: 2 }));
  assert.deepEqual([noisy.busy, noisy.reasons], [true, ['spread']]);
  assert.match(busySentence(noisy), /varied by 19 % \(10\.0–12\.0 ms\), although the check before the sweep found about 2\.0 of the 2 cores free: .*another program or the browser's own work/);
  assert.match(busySentence(noisy), /Runs of 10\.5 ms \(the median with 1 worker\) are the most exposed to that: a larger problem makes them steadier\./);
  // Without a check, or with the cores found busy, the spread is put down to something else on the cores; long runs are not told to grow.
  const unchecked = busySentence(machineState(record([100, 120, 105], undefined)));
  assert.match(unchecked, /varied by 19 % \(100\.0–120\.0 ms\), so something else was taking turns on the cores/);
  assert.doesNotMatch(unchecked, /larger problem/);
  assert.match(busySentence(machineState(record([100, 120, 105], { freeCores: 1.2 }))), /about 1\.2 of the 2 cores .* so something else was taking turns/);
  assert.equal(busySentence(machineState(record([10, 10.1], { freeCores: 2 }))), '');
});

test('runs of a fraction of a millisecond are not called noisy for differing by timer steps', () => {
  assert.equal(machineState(record([0.2, 0.4, 0.3], { freeCores: 2 })).busy, false);
  assert.equal(machineState(record([4.9, 5.8, 5.0], { freeCores: 2 })).busy, false, 'less than 1 ms apart');
  assert.equal(machineState(record([13.2, 34.0, 14.0], { freeCores: 2 })).busy, true);
});

test('a record without a quiet check is judged by its spread alone', () => {
  assert.equal(machineState(record([10, 10.1], undefined)).busy, false);
  assert.equal(machineState(record([10], undefined)).oneWorkerSpread, null);
});

/** An engine whose workers spin `slowdown` times slower when all of them spin at once. */
function fakeEngine(slowdown) {
  return {
    async run(experiment, params, k) {
      assert.equal(experiment, 'toasts');
      const msPerTask = (params.toast_work / 50) * (k > 1 ? slowdown : 1);
      const records = [];
      const totals = [];
      for (let w = 0; w < k; w++) {
        const tasks = params.toasts / k;
        records.push({ worker: w, kind: 'compute', task_count: tasks });
        totals.push({ lane: w, kind: 'compute', ms: tasks * msPerTask });
      }
      return { records, totals };
    },
  };
}

test('the measurement finds the free cores of an engine', async () => {
  assert.ok(Math.abs((await measureFreeCores(fakeEngine(1), 2)).freeCores - 2) < 1e-9);
  assert.ok(Math.abs((await measureFreeCores(fakeEngine(1.5), 2)).freeCores - 4 / 3) < 1e-9);
  assert.equal((await measureFreeCores(fakeEngine(1), 1)).freeCores, 1);
});
