import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserFamily, predictionOf, summaryOf } from './summary.js';

const record = {
  mode: 'speedup', ks: [1, 2], includeStartup: false, hardwareConcurrency: 2,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
  quiet: { freeCores: 1.1 },
  runs: [{ k: 1, timeMs: 100 }, { k: 1, timeMs: 104 }, { k: 1, timeMs: 102 }, { k: 2, timeMs: 60 }, { k: 2, timeMs: 51 }, { k: 2, timeMs: 50 }],
};

test('a sweep becomes per-k medians, ranges and speedups, with cores, browser family and the quiet check', () => {
  const summary = summaryOf(record);
  assert.deepEqual(summary.ks, [
    { k: 1, medianMs: 102, minMs: 100, maxMs: 104, speedup: 1 },
    { k: 2, medianMs: 51, minMs: 50, maxMs: 60, speedup: 2 },
  ]);
  assert.equal(summary.cores, 2);
  assert.equal(summary.browser, 'chromium');
  assert.deepEqual(summary.quiet, { freeCores: 1.1, busy: true }, 'a core short of free is a busy machine');
});

test('browser families, and predictions as the server takes them', () => {
  assert.equal(browserFamily('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'), 'firefox');
  assert.equal(browserFamily('Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15'), 'safari');
  assert.equal(browserFamily('curl/8'), 'other');
  assert.deepEqual(predictionOf({ prediction: { kind: 'number' } }, 1.8), { number: 1.8 });
  assert.deepEqual(predictionOf({ prediction: { kind: 'choice' } }, 2), { choice: 'option-2' });
  assert.deepEqual(predictionOf(null, 3), { number: 3 }, "an experiment's prediction is a speedup");
});
