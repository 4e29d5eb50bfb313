import assert from 'node:assert/strict';
import test from 'node:test';
import { analyse } from './analysis.js';
import { line, predictSpeedup } from './what-if.js';

const sweep = (timesByK, extra = {}) => ({
  mode: 'speedup', engine: 'threads', ks: Object.keys(timesByK).map(Number), includeStartup: false, startupMsByK: {}, hardwareConcurrency: 2,
  runs: Object.entries(timesByK).flatMap(([k, times]) => times.map((timeMs) => ({ k: Number(k), timeMs }))), ...extra,
});

test('a line is fitted through points by least squares', () => {
  assert.deepEqual(line([{ k: 1, y: 3 }, { k: 2, y: 5 }, { k: 3, y: 7 }]), { a: 1, b: 2 });
  assert.deepEqual(line([{ k: 4, y: 9 }]), { a: 9, b: 0 });
});

test('a perfectly parallel sweep predicts the ideal line, and a serial part bends it to Amdahl', () => {
  const ideal = sweep({ 1: [100, 100], 2: [50, 50] });
  const prediction = predictSpeedup(ideal, analyse(ideal), { upTo: 64 });
  const at64 = prediction.points.find((p) => p.k === 64);
  assert.ok(Math.abs(at64.low - 64) < 1e-9 && Math.abs(at64.high - 64) < 1e-9);
  const serial = sweep({ 1: [100, 100], 2: [60, 60] });
  const bent = predictSpeedup(serial, analyse(serial), { upTo: 64 }).points.find((p) => p.k === 64);
  // s = 0.2 fits 100 → 60 ms exactly; Amdahl then allows 1 / (0.2 + 0.8/64) = 4.7 at k = 64.
  assert.ok(Math.abs(bent.high - 1 / (0.2 + 0.8 / 64)) < 1e-9);
});

test('the spread of the repetitions becomes the width of the band', () => {
  const noisy = sweep({ 1: [100, 100, 100], 2: [52, 55, 60] });
  const at32 = predictSpeedup(noisy, analyse(noisy), { upTo: 32 }).points.find((p) => p.k === 32);
  assert.ok(at32.low < at32.high);
});

test('counted start-up and messages that grow with k lower the prediction; both are named as terms', () => {
  const base = { 1: [100, 100], 2: [50, 50] };
  const withStartup = sweep(base, { includeStartup: true, startupMsByK: { 1: 10, 2: 20 } });
  const startupPrediction = predictSpeedup(withStartup, analyse(withStartup), { upTo: 8 });
  assert.match(startupPrediction.terms.join(' '), /start-up of 10\.0 ms per helper/);
  const moved = (k) => ({ scatter: 1024 * k, shuffle: 0, gather: 0 });
  const processes = sweep(base, { engine: 'processes' });
  processes.runs = processes.runs.map((r) => ({ ...r, bytesMoved: moved(r.k) }));
  const timelines = { 2: { records: [{ kind: 'message', what: 'send', start_ms: 0, end_ms: 1 }, { kind: 'compute', what: 'work', start_ms: 1, end_ms: 50 }] } };
  const messages = predictSpeedup(processes, analyse(processes), { upTo: 8, timelines });
  assert.match(messages.terms.join(' '), /grow by 1\.0 KiB per worker, moved at 2 KiB\/ms/);
  const at8 = messages.points.find((p) => p.k === 8);
  // 6 more KiB at 2 KiB/ms: 3 ms on top of the ideal 12.5 ms.
  assert.ok(Math.abs(at8.high - 100 / 15.5) < 1e-9);
});

test('sweeps that cannot be extrapolated say why', () => {
  const scaleup = { ...sweep({ 1: [100], 2: [100] }), mode: 'scaleup' };
  assert.match(predictSpeedup(scaleup, analyse(scaleup), { upTo: 64 }).refusal, /scale-up/);
  const slower = sweep({ 1: [100], 2: [150] });
  assert.match(predictSpeedup(slower, analyse(slower), { upTo: 64 }).refusal, /No Amdahl fit/);
  const ok = sweep({ 1: [100], 2: [50] });
  assert.match(predictSpeedup(ok, analyse(ok), { upTo: 2 }).refusal, /more workers than the sweep measured/);
});

test('every prediction lists the assumptions that would break it', () => {
  const ok = sweep({ 1: [100], 2: [50] });
  const { assumptions } = predictSpeedup(ok, analyse(ok), { upTo: 64 });
  for (const word of [/memory bandwidth/, /NUMA/, /network/, /stragglers/]) assert.ok(assumptions.some((a) => word.test(a)), String(word));
});

test('memory-bound work is capped where the memory of this machine is full', () => {
  const ideal = sweep({ 1: [100, 100], 2: [50, 50] });
  const capped = predictSpeedup(ideal, analyse(ideal), { upTo: 64, bandwidth: { 1: 10, 2: 15 } });
  assert.ok(capped.points.every((p) => p.high <= 1.5 + 1e-12));
  assert.equal(capped.points.at(-1).high, 1.5);
  assert.match(capped.terms.join(' '), /one worker streamed 10\.0 GB\/s and 2 together 15\.0 GB\/s .* no more than 1\.50×/);
});
