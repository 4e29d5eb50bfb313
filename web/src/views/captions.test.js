import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from '../lab/analysis.js';
import { bytesMovedSummary, coresSummary, fitCaption, gilSummary } from './captions.js';

const record = (mode, timesByK, cores = 2, extra = {}) => ({
  mode, ks: Object.keys(timesByK).map(Number), includeStartup: false, startupMsByK: {}, hardwareConcurrency: cores,
  runs: Object.entries(timesByK).flatMap(([k, times]) => times.map((timeMs) => ({ k: Number(k), timeMs }))),
  ...extra,
});

test('no absurd ceiling: a serial fraction the spread cannot tell from 0 is called "none detected"', () => {
  const r = record('speedup', { 1: [100, 101, 99], 2: [50.1, 49, 51] });
  const caption = fitCaption(r, analyse(r));
  assert.match(caption, /No serial part was detected at these k/);
  assert.doesNotMatch(caption, /1\/s =/);
});

test('a clear serial part gives its ceiling 1/s', () => {
  const r = record('speedup', { 1: [100, 100], 2: [60, 61] });
  const caption = fitCaption(r, analyse(r));
  assert.match(caption, /Serial fraction s = 0\.2\d\d/);
  assert.match(caption, /1\/s = 4\.\d×/);
});

test('points beyond the cores are named as left out of the fit', () => {
  const r = record('speedup', { 1: [100], 2: [51], 4: [52] });
  const caption = fitCaption(r, analyse(r));
  assert.match(caption, /Hollow points \(k = 4\) are beyond the 2 cores/);
  assert.match(caption, /k = 1, 2/);
});

test('with only k = 1 within the cores there is no model, and the caption says why', () => {
  const r = record('speedup', { 1: [100], 4: [30] }, 2);
  assert.match(fitCaption(r, analyse(r)), /No model curve/);
});

test('waiting work: a best k far beyond the cores is explained by workers that use no core while they wait', () => {
  const r = record('speedup', { 1: [5000], 2: [2500], 8: [650], 40: [150] });
  assert.match(coresSummary(r, analyse(r).rows), /33\.33 at k = 40.*a waiting worker uses no core/);
});

test('CPU-bound work: the speedup stops at the cores, and the summary says so', () => {
  const r = record('speedup', { 1: [700], 2: [355], 3: [356], 4: [360] });
  assert.match(coresSummary(r, analyse(r).rows), /Beyond the 2 cores the browser reports, the speedup stops \(1\.97 at k = 2/);
});

test('uneven work: more workers than cores can help a little, but never past the core count', () => {
  const r = record('speedup', { 1: [700], 2: [550], 4: [400] });
  assert.match(coresSummary(r, analyse(r).rows), /k = 4, beyond the 2 cores .* did better than k = 2 .* not more than 2×/);
});

test('all k within the cores: the summary names the core count', () => {
  const r = record('speedup', { 1: [100], 2: [50] }, 8);
  assert.match(coresSummary(r, analyse(r).rows), /The browser reports 8 cores/);
});

test('scale-up captions use Gustafson and the cores too', () => {
  const r = record('scaleup', { 1: [100], 2: [101], 4: [210] });
  const analysis = analyse(r);
  assert.match(fitCaption(r, analysis), /Gustafson's law fitted to the medians at k = 1, 2/);
  assert.match(fitCaption(r, analysis), /Hollow points \(k = 4\)/);
});

test('slower with more workers: no Amdahl reading, since its worst case is no speedup', () => {
  const r = record('speedup', { 1: [100], 2: [130] });
  const caption = fitCaption(r, analyse(r));
  assert.match(caption, /with k = 2 the run was slower than with one worker/);
  assert.doesNotMatch(caption, /1\/s =/);
});

test('the GIL summary adds up the waits for the lock, and says when the engine had none', () => {
  const run = { workers: 2, records: [
    { worker: 0, what: 'toasts', start_ms: 0, end_ms: 100 }, { worker: 1, what: 'toasts', start_ms: 0, end_ms: 100 },
    { worker: 0, what: 'GIL wait', start_ms: 10, end_ms: 35 }, { worker: 1, what: 'GIL wait', start_ms: 0, end_ms: 25 },
  ] };
  assert.match(gilSummary({ gil: { switchIntervalMs: 5, held: true } }, 2, run), /spent 50 ms waiting for it, 25 % of their time/);
  assert.match(gilSummary({ gil: { switchIntervalMs: 5, held: false } }, 2, run), /processes engine has no GIL/);
  assert.equal(gilSummary({ gil: null }, 2, run), '');
});

test('the bytes a run moved are summed and split by phase; threads say what a share-nothing run would move', () => {
  const sentence = bytesMovedSummary(2, { bytesMoved: { scatter: 3 * 2 ** 20, shuffle: 0, gather: 2048 } });
  assert.match(sentence, /At k = 2 the processes moved 3\.0 MiB by message: 3\.0 MiB sent out with the tasks \(scatter\), 2\.0 KiB of results gathered back \(gather\)\./);
  assert.match(bytesMovedSummary(1, { bytesMoved: { scatter: 0, shuffle: 16, gather: 0 } }), /16 bytes shuffled from the tasks to the reducers \(shuffle\)/);
  const threads = bytesMovedSummary(4, { details: { would_move: { scatter: 0, shuffle: 4096, gather: 10 } } });
  assert.match(threads, /0 bytes copied\. A share-nothing run would move 4\.0 KiB: 4\.0 KiB shuffled/);
  assert.equal(bytesMovedSummary(2, { records: [] }), '');
});
