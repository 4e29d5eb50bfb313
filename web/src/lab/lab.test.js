import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lab, checkSweepOptions, entryLabel } from './lab.js';
import { experimentById } from '../experiments/index.js';

const toasts = experimentById('toasts');

test('sweep options from outside the form: defaults filled in, everything checked', () => {
  const settings = checkSweepOptions(toasts, { params: { toasts: 10 }, workers: [2, 4] }, 2, ['threads', 'processes']);
  assert.equal(settings.values.toasts, 10);
  assert.equal(settings.values.toast_work, 200);
  assert.deepEqual(settings.ks, [1, 2, 4]);
  assert.equal(settings.mode, 'speedup');
  assert.equal(settings.engine, 'threads');
  assert.throws(() => checkSweepOptions(toasts, { params: { bread: 1 } }, 2, ['threads']), /no parameter "bread"/);
  assert.throws(() => checkSweepOptions(toasts, { params: { toasts: -1 } }, 2, ['threads']), /Toasts must be/);
  assert.throws(() => checkSweepOptions(toasts, { workers: '1,999' }, 2, ['threads']), /not a worker count/);
  assert.throws(() => checkSweepOptions(toasts, { mode: 'fast' }, 2, ['threads']), /Mode/);
  assert.throws(() => checkSweepOptions(toasts, { engine: 'threads' }, 2, ['processes']), /needs shared memory, which a browser offers only to a cross-origin isolated page; this one is not/);
  assert.equal(checkSweepOptions(toasts, {}, 2, ['processes']).engine, 'processes');
  assert.equal(checkSweepOptions(toasts, { faultInjection: 'worker-panic' }, 2, ['threads']).faultInjection, 'worker-panic');
  assert.throws(() => checkSweepOptions(toasts, { faultInjection: 'panic' }, 2, ['threads']), /faultInjection must be one of: worker-panic/);
});

test('a label names the experiment and the parameters changed from their defaults', () => {
  const mandelbrot = experimentById('mandelbrot');
  const values = Object.fromEntries(mandelbrot.params.map((p) => [p.name, p.default]));
  assert.equal(entryLabel(mandelbrot, { ...values, schedule: 'static_blocks' }, 'threads'), 'Mandelbrot · schedule static blocks · threads');
  assert.equal(entryLabel(toasts, { ...Object.fromEntries(toasts.params.map((p) => [p.name, p.default])), toasts_per_chunk: 8 }, 'processes'), 'Toasts · toasts per chunk 8 · processes');
});

test('a scale-up whose largest problem would pass a limit is refused before it starts', () => {
  const mandelbrot = experimentById('mandelbrot');
  assert.throws(() => checkSweepOptions(mandelbrot, { mode: 'scaleup', workers: '1-8', params: { size: 1024 } }, 2, ['threads']),
    /grid side grows with k: 1024 × 8 = 8192 is more than 4096. Choose grid side of at most 512/);
  assert.equal(checkSweepOptions(mandelbrot, { mode: 'scaleup', workers: '1-8', params: { size: 512 } }, 2, ['threads']).mode, 'scaleup');
});

test('a batch of images with more pixels than fit in memory is refused before it starts, in either mode', () => {
  const images = experimentById('image_batch');
  assert.throws(() => checkSweepOptions(images, { mode: 'scaleup', workers: '1-4', params: { images: 200, side: 512 } }, 2, ['threads']),
    /800 images of 512×512 px are 200\.0 MiB of pixels, more than the 128\.0 MiB .* at most 128 images \(the largest k multiplies them by 4\)/);
  assert.throws(() => checkSweepOptions(images, { params: { images: 9, side: 4096 } }, 2, ['threads']), /Use at most 8 images, or a smaller side/);
  assert.equal(checkSweepOptions(images, { mode: 'scaleup', workers: '1,2', params: {} }, 2, ['threads']).mode, 'scaleup');
});

test('a GIL is held on threads only, with a checked switch interval, and refused where it would deadlock', () => {
  const engines = ['threads', 'processes'];
  assert.deepEqual(checkSweepOptions(toasts, { gil: true }, 2, engines).gil, { switchIntervalMs: 5, held: true });
  assert.deepEqual(checkSweepOptions(toasts, { gil: true, switchIntervalMs: 1, engine: 'processes' }, 2, engines).gil, { switchIntervalMs: 1, held: false });
  assert.equal(checkSweepOptions(toasts, {}, 2, engines).gil, null);
  assert.throws(() => checkSweepOptions(toasts, { gil: true, switchIntervalMs: 0 }, 2, engines), /switch interval/);
  assert.throws(() => checkSweepOptions(experimentById('fork_join'), { gil: true }, 2, engines), /Fork–join cannot run under a GIL/);
  const values = Object.fromEntries(toasts.params.map((p) => [p.name, p.default]));
  assert.equal(entryLabel(toasts, values, 'threads', { switchIntervalMs: 5, held: true }), 'Toasts · threads · GIL 5 ms');
  assert.equal(entryLabel(toasts, values, 'processes', { switchIntervalMs: 5, held: false }), 'Toasts · processes · no GIL (processes)');
});

test('dispatch is timed on the threads engine, and only between sweeps', async () => {
  const asked = [];
  const threads = { measureDispatch: async (...args) => asked.push(args) && [12.5, 13] };
  const lab = new Lab({ threads, processes: {} }, {});
  assert.deepEqual(await lab.measureDispatch(2, 2, 10), [12.5, 13]);
  assert.deepEqual(await lab.measureDispatch(2, 2, 10, 1000), [12.5, 13]);
  assert.deepEqual(asked, [[2, 2, 10, 0], [2, 2, 10, 1000]]);
  lab.busy = true;
  await assert.rejects(lab.measureDispatch(2, 2, 10), /already running/);
  await assert.rejects(new Lab({ processes: {} }, {}).measureDispatch(2, 2, 10), /cross-origin isolated/);
});
