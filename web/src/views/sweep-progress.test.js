import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressText } from './sweep-progress.js';

test('before the first run is done the status names the run and no time left', () => {
  assert.equal(progressText({ done: 0, total: 9, k: 1, warmUp: true, repetition: 0 }, 3, 0.2), 'k = 1, warm-up (run 1 of 9).');
});

test('the time left is the time per finished run times the runs still to go', () => {
  assert.equal(progressText({ done: 4, total: 10, k: 2, warmUp: false, repetition: 2 }, 3, 8),
    'k = 2, repetition 2 of 3 (run 5 of 10). About 12 s left.');
  // Rounded up: a sweep never claims to be done before it is.
  assert.equal(progressText({ done: 3, total: 4, k: 4, warmUp: false, repetition: 3 }, 3, 1), 'k = 4, repetition 3 of 3 (run 4 of 4). About 1 s left.');
});
