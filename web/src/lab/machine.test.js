import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandwidthForWhatIf, bandwidthSummary, bandwidthWorkerCounts, machineFindings, measureMachine, quantile, roundsPerSecond, spread } from './machine.js';

test('quantiles interpolate between ranks', () => {
  const values = [5, 1, 4, 2, 3];
  assert.equal(quantile(values, 0), 1);
  assert.equal(quantile(values, 1), 5);
  assert.equal(quantile(values, 0.5), 3);
  assert.equal(quantile(values, 0.1), 1.4);
  assert.equal(quantile([7], 0.9), 7);
  assert.throws(() => quantile([], 0.5), /no values/);
});

test('a spread is p10–p90 from 10 samples on, min–max below', () => {
  const ten = [10, 1, 2, 3, 4, 5, 6, 7, 8, 100];
  const many = spread(ten);
  assert.equal(many.range, 'p10–p90');
  assert.equal(many.median, 5.5);
  assert.ok(Math.abs(many.low - 1.9) < 1e-12 && Math.abs(many.high - 19) < 1e-12, JSON.stringify(many));
  assert.equal(many.samples, 10);
  assert.deepEqual(spread([3, 1, 2]), { median: 2, low: 1, high: 3, range: 'min–max', samples: 3 });
});

test('bandwidth is measured at every k up to 8, then doubling, always up to the cores', () => {
  assert.deepEqual(bandwidthWorkerCounts(1), [1, 2]);
  assert.deepEqual(bandwidthWorkerCounts(2), [1, 2]);
  assert.deepEqual(bandwidthWorkerCounts(4), [1, 2, 3, 4]);
  assert.deepEqual(bandwidthWorkerCounts(12), [1, 2, 3, 4, 5, 6, 7, 8, 12]);
  assert.deepEqual(bandwidthWorkerCounts(32), [1, 2, 3, 4, 5, 6, 7, 8, 16, 32]);
});

test('the bandwidth summary finds where the gain flattens, and its ceiling', () => {
  // Two workers nearly double the bandwidth; three and four add almost nothing.
  const summary = bandwidthSummary({ 1: [10, 9], 2: [19, 18], 3: [20, 19], 4: [20.5, 20] });
  assert.deepEqual(summary.rows.map((r) => r.k), [1, 2, 3, 4]);
  assert.equal(summary.rows[1].gain, 1.9);
  assert.equal(summary.rows[1].gainLow, 1.8);
  assert.equal(summary.flattensAt, 3);
  assert.equal(summary.bestK, 4);
  assert.equal(summary.ceiling, 2.05);
  assert.equal(bandwidthSummary({ 1: [10], 2: [20] }).flattensAt, null);
  assert.throws(() => bandwidthSummary({ 2: [20] }), /measure k = 1/);
  assert.deepEqual(bandwidthForWhatIf({ bandwidth: { gbPerSByK: { 1: [10, 9], 2: [12, 11] } } }), { 1: 10, 2: 12 });
  assert.equal(bandwidthForWhatIf({ bandwidth: { error: 'no' } }), null);
});

test('the compute probe does 20 M rounds a run', () => {
  assert.deepEqual(roundsPerSecond([100, 50]), [2e8, 4e8]);
});

const measured = {
  cores: { reported: 2 },
  compute: { engine: 'threads', roundsPerS: [4e8, 3.9e8, 4.1e8] },
  bandwidth: { megabytes: 48, gbPerSByK: { 1: [20, 19], 2: [23, 22] } },
  dispatch: { k: 2, timesUs: [20, 25, 30] },
  message: { perSample: 10, timesUs: [80, 90, 100] },
  wakeUp: { perSample: 10, timesUs: [30, 40, 50] },
  workerStart: { timesMs: [12, 14, 13] },
  server: { host: '127.0.0.1:5230', timesMs: [0.8, 1.2, 1] },
};

test('every finding quotes its measured median and spread', () => {
  const findings = Object.fromEntries(machineFindings(measured).map((f) => [f.id, f]));
  assert.deepEqual(Object.keys(findings), ['cores', 'compute', 'bandwidth', 'dispatch', 'message', 'wake-up', 'worker-start', 'server']);
  assert.match(findings.cores.value, /^2 \(the browser's figure/);
  assert.equal(findings.compute.value, 'median 400 M rounds/s (min–max 390–410, 3 samples)');
  assert.match(findings.compute.explanation, /0\.50 ms/);
  assert.match(findings.bandwidth.value, /^1 worker: median 19\.5 GB\/s \(min–max 19\.0–20\.0, 2 samples\); best 23\.0 GB\/s with 2$/);
  assert.match(findings.bandwidth.explanation, /at most 1\.15× what one did, and the gain flattened at k = 2/);
  assert.equal(findings.message.value, 'median 90 µs (min–max 80–100, 3 samples)');
  assert.equal(findings['worker-start'].value, 'median 13.0 ms (min–max 12.0–14.0, 3 samples)');
  assert.match(findings.server.explanation, /at 1\.00 ms a hop/);
});

test('a figure that could not be measured says why, and the others stay', () => {
  const findings = machineFindings({ ...measured, bandwidth: { error: 'Not measured: no threads.' }, server: { error: 'Not measured: offline.' } });
  const byId = Object.fromEntries(findings.map((f) => [f.id, f]));
  assert.equal(byId.bandwidth.value, null);
  assert.equal(byId.bandwidth.explanation, 'Not measured: no threads.');
  assert.equal(byId.server.value, null);
  assert.match(byId.dispatch.value, /median 25 µs/);
});

test('measuring on a page without threads measures what it can and says why the rest is missing', async () => {
  const calls = [];
  const lab = {
    engines: ['processes'],
    measure: async (experiment, settings) => {
      calls.push([experiment.id, settings.ks, settings.engine]);
      return { record: { runs: [{ timeMs: 50 }, { timeMs: 100 }] } };
    },
  };
  const probes = {
    messageRoundTrips: async () => ({ perSample: 10, timesUs: [1, 2] }),
    wakeUpRoundTrips: async () => { throw new Error('Not measured: not isolated.'); },
    workerStarts: async () => ({ timesMs: [5] }),
  };
  const originalFetch = globalThis.fetch;
  globalThis.fetch = async (url, options) => {
    calls.push(['fetch', url, options.cache]);
    return { ok: true, arrayBuffer: async () => new ArrayBuffer(5) };
  };
  try {
    const steps = [];
    const machine = await measureMachine({ lab, probes, serverUrl: 'http://127.0.0.1:1/ping.txt', cores: 2, onProgress: (s) => steps.push(s) });
    assert.deepEqual(calls[0], ['toasts', [1], 'processes']);
    assert.deepEqual(machine.compute.roundsPerS, [4e8, 2e8]);
    assert.match(machine.bandwidth.error, /threads engine/);
    assert.match(machine.dispatch.error, /threads engine/);
    assert.equal(machine.wakeUp.error, 'Not measured: not isolated.');
    assert.equal(machine.server.timesMs.length, 10);
    assert.deepEqual(calls.at(-1), ['fetch', 'http://127.0.0.1:1/ping.txt', 'no-store']);
    assert.ok(steps.includes('round trips to the server'), steps.join(', '));
  } finally {
    globalThis.fetch = originalFetch;
  }
});
