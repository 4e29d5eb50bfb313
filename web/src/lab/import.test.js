import assert from 'node:assert/strict';
import test from 'node:test';
import { browserOf, importedSweeps } from './import.js';

const record = {
  parlab: 1, experiment: 'toasts', engine: 'threads', mode: 'speedup', ks: [1, 2, 64], hardwareConcurrency: 64,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36', date: '2026-12-01T10:00:00.000Z',
  runs: [{ k: 1, timeMs: 100 }, { k: 2, timeMs: 51 }],
};

test('one exported sweep comes back labelled with the machine it ran on, without the ks that have no run', () => {
  const { sweeps, problems } = importedSweeps(JSON.stringify(record), (id) => ({ toasts: 'Toasts' })[id]);
  assert.deepEqual(problems, []);
  assert.equal(sweeps.length, 1);
  assert.equal(sweeps[0].label, 'Toasts (threads engine) on 64 cores, Chromium 156, 2026-12-01, imported');
  assert.deepEqual(sweeps[0].record.ks, [1, 2]);
  assert.equal(sweeps[0].record.imported, true);
});

test('a list of sweeps is read sweep by sweep, and each one that cannot be charted says why', () => {
  const list = [record, { ...record, mode: 'weird' }, { ...record, runs: [{ k: 3, timeMs: 1 }] }, 'text'];
  const { sweeps, problems } = importedSweeps(JSON.stringify(list));
  assert.equal(sweeps.length, 1);
  assert.match(problems[0], /^Sweep 2 of 4 was not imported: its mode "weird"/);
  assert.match(problems[1], /^Sweep 3 of 4 .* a k that is not among its ks/);
  assert.match(problems[2], /not an object/);
});

test('a file that is not JSON or not a parlab sweep is refused with a sentence', () => {
  assert.match(importedSweeps('{oops').problems[0], /not JSON/);
  assert.match(importedSweeps('{"a": 1}').problems[0], /not a parlab sweep/);
});

test('browsers are named from their user agent', () => {
  assert.equal(browserOf('Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0'), 'Firefox 153');
  assert.equal(browserOf('Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.1 Safari/605.1.15'), 'Safari 19');
  assert.equal(browserOf(undefined), 'an unknown browser');
});
