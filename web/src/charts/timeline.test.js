import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GIL_WAIT, LOCK_WAIT, kindColours } from './timeline.js';

test('waiting for the GIL has one colour whatever the other kinds are, and other kinds keep distinct colours', () => {
  const a = kindColours(['toasts', GIL_WAIT]);
  const b = kindColours(['send', 'rows', 'receive', GIL_WAIT]);
  assert.equal(a.range[1], b.range[3]);
  assert.equal(new Set(b.range).size, 4);
});

test('each kind of wait keeps its own colour, apart from the GIL\'s and the work\'s', () => {
  const a = kindColours([LOCK_WAIT, 'increments']);
  const b = kindColours(['increments', GIL_WAIT, LOCK_WAIT]);
  assert.equal(a.range[0], b.range[2]);
  assert.equal(new Set(b.range).size, 3);
});
