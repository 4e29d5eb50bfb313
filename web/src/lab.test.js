import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSweepOptions, entryLabel } from './lab.js';
import { experimentById } from './experiments/index.js';

const toasts = experimentById('toasts');

test('sweep options from outside the form: defaults filled in, everything checked', () => {
  const settings = checkSweepOptions(toasts, { params: { toasts: 10 }, workers: [2, 4] }, 2);
  assert.equal(settings.values.toasts, 10);
  assert.equal(settings.values.toast_work, 200);
  assert.deepEqual(settings.ks, [1, 2, 4]);
  assert.equal(settings.mode, 'speedup');
  assert.throws(() => checkSweepOptions(toasts, { params: { bread: 1 } }, 2), /no parameter "bread"/);
  assert.throws(() => checkSweepOptions(toasts, { params: { toasts: -1 } }, 2), /Toasts must be/);
  assert.throws(() => checkSweepOptions(toasts, { workers: '1,999' }, 2), /not a worker count/);
  assert.throws(() => checkSweepOptions(toasts, { mode: 'fast' }, 2), /Mode/);
});

test('a label names the experiment and the parameters changed from their defaults', () => {
  const mandelbrot = experimentById('mandelbrot');
  const values = Object.fromEntries(mandelbrot.params.map((p) => [p.name, p.default]));
  assert.equal(entryLabel(mandelbrot, { ...values, schedule: 'static_blocks' }), 'Mandelbrot · schedule static blocks');
  assert.equal(entryLabel(toasts, { ...Object.fromEntries(toasts.params.map((p) => [p.name, p.default])), toasts_per_chunk: 8 }), 'Toasts · toasts per chunk 8');
});
