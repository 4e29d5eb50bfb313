import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from '../lab/analysis.js';
import { bytesMovedSummary, coresSummary, fitCaption, gilSummary, stackSummary } from './captions.js';
import { accountRun } from '../lab/speedup-stack.js';

const record = (mode, timesByK, cores = 2, extra = {}) => ({
  mode, ks: Object.keys(timesByK).map(Number), includeStartup: false, startupMsByK: {}, hardwareConcurrency: cores,
  runs: Object.entries(timesByK).flatMap(([k, times]) => times.map((timeMs) => ({ k: Number(k), timeMs }))),
  ...extra,
});

test('no absurd ceiling: a serial fraction whose whole range is near 0 is called none', () => {
  const r = record('speedup', { 1: [100, 100.5, 99.8], 2: [50.1, 50, 50.3] });
  const caption = fitCaption(r, analyse(r));
  assert.match(caption, /No serial part shows at these k/);
  assert.doesNotMatch(caption, /1\/s =/);
});

test('a fit whose repetitions allow a wide range of s is called too noisy, with no ceiling', () => {
  const r = record('speedup', { 1: [100, 100, 100], 2: [50, 80, 60] });
  const caption = fitCaption(r, analyse(r));
  assert.match(caption, /too noisy to read a serial part or a ceiling/);
  assert.doesNotMatch(caption, /1\/s =|No serial part/);
});

test('a busy sweep draws no ceiling from its fit, and says why', () => {
  const r = record('speedup', { 1: [100, 100], 2: [60, 61] }, 2, { quiet: { freeCores: 1.2 } });
  const caption = fitCaption(r, analyse(r));
  assert.match(caption, /machine was busy/);
  assert.doesNotMatch(caption, /1\/s =/);
});

test('a sweep slower at k = 2 names the busy machine by the figure that made it busy', () => {
  const coresBusy = record('speedup', { 1: [100, 101], 2: [130, 131] }, 2, { quiet: { freeCores: 1.2 } });
  assert.match(fitCaption(coresBusy, analyse(coresBusy)), /other programs busy on this machine, as this one was \(about 1\.2 of 2 cores free\)\./);
  // Cores found free, runs spread: the browser's own work is as likely a cause as another program.
  const spread = record('speedup', { 1: [100, 160, 101], 2: [130, 131, 132] }, 2, { quiet: { freeCores: 1.9 } });
  assert.match(fitCaption(spread, analyse(spread)), /other programs busy on this machine or the browser's own work: this sweep's one-worker runs varied by 59 %\./);
  const quiet = record('speedup', { 1: [100, 101], 2: [130, 131] }, 2, { quiet: { freeCores: 1.9 } });
  assert.match(fitCaption(quiet, analyse(quiet)), /other programs busy on this machine\./);
});

test('a clear serial part gives its ceiling 1/s', () => {
  const r = record('speedup', { 1: [100, 100], 2: [60, 61] });
  const caption = fitCaption(r, analyse(r));
  assert.match(caption, /serial fraction s = 0\.2\d\d/);
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

test('waiting work on a busy machine: a speedup beyond the cores is not put down to what the other program left', () => {
  const busy = { quiet: { freeCores: 1.0 } };
  const waiting = record('speedup', { 1: [808], 2: [405], 8: [102] }, 2, busy);
  const sentence = coresSummary(waiting, analyse(waiting).rows);
  assert.match(sentence, /only about 1\.0 were free during this sweep, yet k = 8 reached a speedup of 7\.9\d: these workers spend most of their time waiting/);
  assert.doesNotMatch(sentence, /left over/);
  const computing = record('speedup', { 1: [150], 2: [131], 4: [127] }, 2, busy);
  assert.match(coresSummary(computing, analyse(computing).rows), /at most 1\.18\) show what was left over by the other program, not what 2 cores can do/);
});

/** Runs at each k with every worker computing `computeMs(k)` and the merge taking `mergeMs`. */
function accounted(timesByK, computeMs, extraKinds = () => ({})) {
  return Object.entries(timesByK).flatMap(([k, times]) => times.map((timeMs) => {
    const n = Number(k);
    const totals = Array.from({ length: n }, (_, w) => [{ lane: w, kind: 'compute', ms: computeMs(n) }, ...Object.entries(extraKinds(n)).map(([kind, ms]) => ({ lane: w, kind, ms }))]).flat();
    return { k: n, timeMs, account: accountRun(totals, n) };
  }));
}

test('CPU-bound work: the speedup stops at the cores, and taking turns is said only when the stack shows it', () => {
  const timesByK = { 1: [700], 2: [355], 3: [356], 4: [360] };
  const turns = record('speedup', timesByK, 2, { runs: accounted(timesByK, (k) => (k <= 2 ? 700 / k : 700 / 2)) });
  assert.match(coresSummary(turns, analyse(turns).rows), /Beyond the 2 cores the browser reports, the speedup stops \(1\.97 at k = 2.*only take turns on the same cores \(inflation/);
  // The same times, but the workers at k = 4 computed no longer and stood idle: no word of taking turns.
  const idle = record('speedup', timesByK, 2, { runs: accounted(timesByK, (k) => 700 / k) });
  const sentence = coresSummary(idle, analyse(idle).rows);
  assert.doesNotMatch(sentence, /take turns/);
  assert.match(sentence, /largest loss was idle/);
});

test('the stack summary names the largest loss with its share of the workers\' time', () => {
  const timesByK = { 1: [100, 100], 2: [80, 80] };
  const locked = record('speedup', timesByK, 2, { runs: accounted(timesByK, (k) => 100 / k, (k) => (k > 1 ? { lock_wait: 28 } : {})) });
  assert.match(stackSummary(locked), /At k = 2 the speedup was 1\.25× of an ideal 2\. Of the missing 0\.75, lock waits took 0\.70 \(35 % of the workers' time\).*contention/);
  const ideal = record('speedup', { 1: [100], 2: [50.5] }, 2, { runs: accounted({ 1: [100], 2: [50.5] }, (k) => 100 / k) });
  assert.match(stackSummary(ideal), /within 5 % of the ideal 2/);
  const beyond = record('speedup', { 1: [100], 2: [45] }, 2, { runs: accounted({ 1: [100], 2: [45] }, (k) => 90 / k) });
  assert.match(stackSummary(beyond), /At k = 2 the speedup was 2\.22×, above the ideal 2: each worker took less time for its share/);
  assert.doesNotMatch(stackSummary(beyond), /within 5 %|lost almost no time/);
  const waiting = record('speedup', { 1: [1000], 8: [130] }, 2, { runs: accounted({ 1: [1000], 8: [130] }, (k) => 20 / k, (k) => ({ io_wait: 980 / k })) });
  assert.match(stackSummary(waiting), /With 1 worker, 98 % of the time was waiting for I\/O/);
});

test('the stack summary says when a part below zero makes the losses it names exceed the gap', () => {
  const timesByK = { 1: [130], 2: [70] };
  const offset = record('speedup', timesByK, 2, { runs: accounted(timesByK, (k) => (k === 1 ? 100 : 60)) });
  assert.match(stackSummary(offset), /Of the missing 0\.14, inflation \(same work, more time\) took 0\.29 .* The losses add up to more than the missing 0\.14 because idle \(skew, serial parts, the end\) came out at -0\.14/);
  const even = record('speedup', { 1: [100], 2: [70] }, 2, { runs: accounted({ 1: [100], 2: [70] }, (k) => (k === 1 ? 100 : 60)) });
  assert.doesNotMatch(stackSummary(even), /add up to more/);
});

test('the shared counter\'s inflation is put down to its shared counter first', () => {
  const timesByK = { 1: [60], 2: [120] };
  const atomic = record('speedup', timesByK, 2, { experiment: 'counter', params: { strategy: 'atomic' }, engine: 'threads', runs: accounted(timesByK, (k) => (k === 1 ? 60 : 115)) });
  assert.match(stackSummary(atomic), /inflation .*although the machine was quiet: every increment writes the one shared counter, so a worker must first fetch its cache line/);
});

test('idle time in a run of a few milliseconds is not put down to skew alone', () => {
  // Each worker computed half of the one-worker time, and the run took longer: the rest was idle.
  const short = { 1: [2.0, 2.1], 2: [1.9, 2.0] };
  const brief = record('speedup', short, 2, { runs: accounted(short, (k) => 2 / k) });
  assert.match(stackSummary(brief), /idle .*With 1 worker a run took 2\.0 ms: in a run that short, the operating system putting both workers on one core until its next tick \(a few ms\), or a moment of the browser's own work, leaves as much idle time as skew would/);
  const long = { 1: [200, 210], 2: [190, 200] };
  assert.doesNotMatch(stackSummary(record('speedup', long, 2, { runs: accounted(long, (k) => 200 / k) })), /a run that short/);
});

test('uneven work: more workers than cores can help a little, but never past the core count', () => {
  const r = record('speedup', { 1: [700], 2: [550], 4: [400] });
  assert.match(coresSummary(r, analyse(r).rows), /k = 4, beyond the 2 cores .* did better than k = 2 .* about the 2× that 2 cores can give at most/);
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

test('the GIL summary adds up the exact waits for the lock, and says when the engine had none', () => {
  const run = { workers: 2, timeMs: 100, totals: [
    { lane: 0, kind: 'compute', ms: 75 }, { lane: 1, kind: 'compute', ms: 75 },
    { lane: 0, kind: 'gil_wait', ms: 25 }, { lane: 1, kind: 'gil_wait', ms: 25 },
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
