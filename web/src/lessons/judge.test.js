import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestVariant, judgeNumber, judgeStep, measuredValue, optionOfValue, verdictSentence } from './judge.js';
import lesson1 from './lesson-1.js';
import lesson2 from './lesson-2.js';
import { accountRun } from '../lab/speedup-stack.js';

// A sweep's export record with the given times (ms) per k, one run per time.
const record = (timesByK, extra = {}) => ({
  mode: 'speedup', ks: Object.keys(timesByK).map(Number), includeStartup: false, startupMsByK: {}, hardwareConcurrency: 2, params: {},
  runs: Object.entries(timesByK).flatMap(([k, times]) => times.map((timeMs, repetition) => ({ k: Number(k), repetition, timeMs, checksum: '1' }))),
  ...extra,
});

test('a number within the tolerance is right, within twice it close, beyond it wrong', () => {
  assert.equal(judgeNumber(2, 1.9, 0.4).verdict, 'right');
  assert.equal(judgeNumber(2.5, 1.9, 0.4).verdict, 'close');
  assert.equal(judgeNumber(4, 1.9, 0.4).verdict, 'wrong');
  assert.ok(Math.abs(judgeNumber(4, 1.9, 0.4).off - 2.1) < 1e-9);
});

test('measures read the sweep: speedup of medians, minutes of a breakfast, a detail reported by the runs', () => {
  const sweep = record({ 1: [100, 90, 110], 4: [50, 52, 48] });
  assert.equal(measuredValue({ what: 'speedup', k: 4 }, sweep), 2);
  assert.equal(measuredValue({ what: 'median', k: 4 }, sweep), 50);
  assert.equal(measuredValue({ what: 'minutes', k: 1 }, record({ 1: [92] }, { params: { minute_ms: 10 } })), 9.2);
  const lost = record({ 1: [10], 2: [8, 8, 8] });
  lost.runs.forEach((run, i) => { run.details = { lost: run.k === 1 ? 0 : [5, 300, 40][i - 1] }; });
  assert.equal(measuredValue({ what: 'detail', name: 'lost', k: 2 }, lost), 40);
  assert.throws(() => measuredValue({ what: 'speedup', k: 8 }, sweep), /no k = 8/);
});

test('a measurement falls in the first range whose upper bound is above it, the last range being open', () => {
  const options = [{ label: 'slower', upTo: 1 }, { label: 'a little', upTo: 1.5 }, { label: 'much faster' }];
  assert.equal(optionOfValue(options, 0.7), 0);
  assert.equal(optionOfValue(options, 1), 1);
  assert.equal(optionOfValue(options, 9), 2);
  assert.equal(bestVariant([30, 12, 50], 'lowest'), 1);
  assert.equal(bestVariant([1.2, 1.9, 1.5], 'highest'), 1);
});

const toasts = lesson1.steps[1];

test('4 toasters on 2 cores: predicting about 2× is right, and the explanation quotes the measurement and the cores', () => {
  const sweep = record({ 1: [40, 40, 40], 2: [21, 21, 21], 4: [20, 20, 20] });
  const right = judgeStep(toasts, [sweep], 2, 2);
  assert.equal(right.verdict, 'right');
  assert.equal(right.measured, '2.00×');
  assert.match(right.text, /measured 2\.00× at k = 4, close to 2×, the most 4 workers can give on 2 cores/);
  assert.equal(verdictSentence(right, 'number'), 'You predicted 2.00×, parlab measured 2.00× on this machine. Right: within the measured range or the tolerance.');
  const wrong = judgeStep(toasts, [sweep], 4, 2);
  assert.equal(wrong.verdict, 'wrong');
  assert.match(verdictSentence(wrong, 'number'), /Off by 2\.00×/);
  assert.equal(wrong.text, right.text, 'the explanation is about what was measured, whatever was predicted');
});

test('the explanation follows the measurement: a busy machine far from the ideal, or 4× on 4 cores', () => {
  const slow = judgeStep(toasts, [record({ 1: [40], 2: [38], 4: [36] })], 4, 4);
  assert.match(slow.text, /at most 4×, and the run stayed well below that/);
  assert.match(slow.text, /1\.11×/);
  const textbook = judgeStep(toasts, [record({ 1: [40], 2: [20], 4: [10.5] })], 4, 4);
  assert.equal(textbook.verdict, 'right');
  assert.match(textbook.text, /3\.81×.*close to 4×/);
});

test('a speedup of pure computation above the cores\' worth is not called "close to" it: the 1-worker runs were slowed', () => {
  // Measured with one core kept busy: the 1-worker runs varied from 38.5 to 117.9 ms.
  const busy = judgeStep(toasts, [record({ 1: [38.5, 117.9, 48], 2: [23, 25, 24], 4: [19.8, 20, 20.5] }, { quiet: { freeCores: 0.8 } })], 2, 2);
  assert.equal(busy.measured, '2.40×');
  assert.doesNotMatch(busy.text, /close to 2×/);
  assert.match(busy.text, /2\.40× at k = 4, more than the 2× that 4 workers can give on 2 cores/);
  assert.match(busy.text, /overstates the speedup/);
});

test('a choice between variants: the variant measured best is the answer, and every variant\'s value is quoted', () => {
  const chunks = lesson1.steps[5];
  const sweeps = [record({ 1: [80], 2: [40] }), record({ 1: [44], 2: [23] }), record({ 1: [41], 2: [41] })];
  const judged = judgeStep(chunks, sweeps, 1, 2);
  assert.equal(judged.verdict, 'right');
  assert.equal(judged.measured, '10 toasts per chunk');
  assert.match(judged.text, /1 toast per chunk: 40\.0 ms; 10 toasts per chunk: 23\.0 ms; 100 toasts per chunk: 41\.0 ms/);
  const other = judgeStep(chunks, [record({ 1: [80], 2: [20] }), ...sweeps.slice(1)], 1, 2);
  assert.equal(other.verdict, 'wrong');
  assert.equal(other.measured, '1 toast per chunk');
  assert.match(other.text, /was not the fastest this time/);
});

test('a prediction inside the measured range is right, however wide the tolerance', () => {
  assert.equal(judgeNumber(1.6, { value: 1.9, low: 1.55, high: 1.98 }, 0.1).verdict, 'right');
  const beyond = judgeNumber(1.3, { value: 1.9, low: 1.55, high: 1.98 }, 0.15);
  assert.equal(beyond.verdict, 'close');
  assert.ok(Math.abs(beyond.off - 0.25) < 1e-9, 'off counts from the nearest measured figure');
});

test('on a busy machine no prediction is marked wrong, and the explanation says the machine was busy, with the free cores', () => {
  const sweep = record({ 1: [40, 40, 40], 2: [30, 31, 30], 4: [30, 30, 30] }, { quiet: { freeCores: 1.1 } });
  const judged = judgeStep(toasts, [sweep], 2, 2);
  assert.equal(judged.verdict, 'busy');
  assert.match(judged.text, /^Another program was using the cores during this sweep: about 1\.1 of the 2 cores/);
  assert.match(verdictSentence(judged, 'number'), /The machine was busy, so this run cannot judge your prediction/);
  // A right prediction stays right, and still hears that the machine was busy.
  const right = judgeStep(toasts, [sweep], 1.33, 2);
  assert.equal(right.verdict, 'right');
  assert.match(right.text, /about 1\.1 of the 2 cores/);
});

test('variants whose ranges overlap are a tie: no winner is picked, and no prediction is marked wrong', () => {
  const chunks = lesson1.steps[5];
  const sweeps = [record({ 1: [80], 2: [40, 44, 42] }), record({ 1: [44], 2: [41, 43, 45] }), record({ 1: [41], 2: [60, 61, 62] })];
  const judged = judgeStep(chunks, sweeps, 2, 2);
  assert.equal(judged.verdict, 'tie');
  assert.match(judged.text, /1 toast per chunk: 42\.0 ms \(40\.0 ms–44\.0 ms\); 10 toasts per chunk: 43\.0 ms \(41\.0 ms–45\.0 ms\).*a tie at this precision/);
  assert.match(judged.text, /The ranges of 1 toast per chunk and 10 toasts per chunk overlap/);
  assert.match(verdictSentence(judged, 'choice'), /too close to tell apart/);
});

test('a slide gets the busy machine in one line before the same explanation', () => {
  const sweep = record({ 1: [40, 40, 40], 2: [30, 31, 30], 4: [30, 30, 30] }, { quiet: { freeCores: 1.1 } });
  const judged = judgeStep(toasts, [sweep], 2, 2);
  assert.ok(judged.short.startsWith('Busy machine (about 1.1 of 2 cores free): run again when it is quiet. '), judged.short);
  assert.ok(judged.text.endsWith(judged.short.slice(judged.short.indexOf('quiet. ') + 7)));
});

test('a slide quotes each loss by its figures only: what the loss means is left to the full explanation', () => {
  // Lesson 2's processes that compute: each of 2 workers computed 45 of the 1-worker run's 80 ms, at k = 2 in 60 ms.
  const step = lesson2.steps[2];
  const sweep = record({ 1: [80, 80, 80], 2: [60, 60, 60] }, { quiet: { freeCores: 2 } });
  sweep.runs.forEach((run) => {
    run.account = accountRun(Array.from({ length: run.k }, (_, lane) => ({ lane, kind: 'compute', ms: run.k === 1 ? 80 : 45 })), run.k);
  });
  const judged = judgeStep(step, [sweep], 2, 2);
  assert.match(judged.text, /Where the time went at k = 2: \S.* took \d\.\d\d of the missing \d\.\d\d \(/);
  assert.match(judged.short, /Where the time went at k = 2: \S.* took \d\.\d\d of the missing \d\.\d\d\. /);
  assert.ok(judged.short.length < judged.text.length);
});
