import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sweepCsv, sweepRecord } from './export.js';

const sweep = {
  startupMsByK: new Map([[1, 40], [2, 75]]),
  warmHelpersByK: new Map([[1, 1], [2, 1]]),
  runs: [
    { k: 1, repetition: 1, timeMs: 100, checksum: '7' },
    { k: 2, repetition: 1, timeMs: 52, checksum: '7' },
    { k: 1, repetition: 2, timeMs: 98, checksum: '7' },
    { k: 2, repetition: 2, timeMs: 55, checksum: '7' },
  ],
};
const record = sweepRecord({
  experiment: 'toasts', engine: 'processes', mode: 'speedup', params: { toasts: 10, seed: 1 }, ks: [1, 2], repetitions: 2, includeStartup: false, inFlight: 1, sweep,
  environment: { hardwareConcurrency: 2, userAgent: 'Test, "quoted"', date: '2026-11-27T00:00:00Z' },
});

test('the JSON record keeps every repetition and the machine', () => {
  assert.equal(record.runs.length, 4);
  assert.deepEqual(record.startupMsByK, { 1: 40, 2: 75 });
  assert.deepEqual(record.warmHelpersByK, { 1: 1, 2: 1 });
  assert.equal(record.inFlight, 1);
  assert.equal(record.hardwareConcurrency, 2);
});

test('the CSV has a header and one row per repetition, quoted where needed', () => {
  const lines = sweepCsv(record).trim().split('\n');
  assert.equal(lines.length, 1 + 4);
  assert.match(lines[0], /^experiment,engine,mode,params,k,repetition,time_ms,startup_ms/);
  assert.equal(lines[2], 'toasts,processes,speedup,"{""toasts"":10,""seed"":1}",2,1,52,75,7,2,"Test, ""quoted"""');
});
