import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkerList } from './worker-list.js';

test('lists and ranges, sorted and unique', () => {
  assert.deepEqual(parseWorkerList('8, 1,2 4;2', 64), { ks: [1, 2, 4, 8], note: null });
  assert.deepEqual(parseWorkerList('1-4,16', 64).ks, [1, 2, 3, 4, 16]);
});

test('a missing 1 is added, and the user is told', () => {
  const { ks, note } = parseWorkerList('2', 8);
  assert.deepEqual(ks, [1, 2]);
  assert.match(note, /Added k = 1/);
});

test('nonsense and out-of-range counts are refused with a message', () => {
  for (const text of ['', '0', '-3', '2.5', 'abc', '4-2', '65']) {
    assert.throws(() => parseWorkerList(text, 64), /worker count|Type the worker counts/, text);
  }
});
