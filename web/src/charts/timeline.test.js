import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelColours, namedLanes } from './timeline.js';

test('waiting for the GIL has one colour whatever the other labels are, and other labels keep distinct colours', () => {
  const a = labelColours([['toasts', 'compute'], ['GIL wait', 'gil_wait']]);
  const b = labelColours([['send', 'message'], ['rows', 'compute'], ['merge', 'merge'], ['GIL wait', 'gil_wait']]);
  assert.equal(a.range[1], b.range[3]);
  assert.equal(new Set(b.range).size, 4);
});

test('each kind of wait keeps its own colour, whatever its label, apart from the GIL\'s and the work\'s', () => {
  const a = labelColours([['lock wait', 'lock_wait'], ['increments', 'compute']]);
  const b = labelColours([['increments', 'compute'], ['GIL wait', 'gil_wait'], ['shard lock', 'lock_wait']]);
  assert.equal(a.range[0], b.range[2]);
  assert.equal(new Set(b.range).size, 3);
  const messages = labelColours([['shuffle: write', 'message'], ['shuffle: receive', 'message']]);
  assert.equal(messages.range[0], messages.range[1]);
});

test('lanes too thin for a line of text are named only in part, the last (the merge) always', () => {
  const lanes = [0, 1, 2, 3, 'merge'];
  assert.deepEqual(namedLanes(lanes, 400, 14), lanes);
  const named = namedLanes(lanes, 110, 14);
  assert.ok(named.length < lanes.length && named.includes('merge') && named.includes(0), String(named));
});
