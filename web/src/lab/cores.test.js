import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workersHint } from './cores.js';

test('the workers hint gives the core count as the browser\'s figure', () => {
  assert.equal(workersHint(16, 4), '1 to 16; the browser reports 4 logical cores (its figure; some browsers round or cap it)');
  assert.equal(workersHint(64, 1), '1 to 64; the browser reports 1 logical core (its figure; some browsers round or cap it)');
});

test('a browser that reports no core count is not given one', () => {
  for (const reported of [undefined, 0, null]) {
    assert.equal(workersHint(4, reported), '1 to 4; the browser does not report its core count, so 1 is assumed');
  }
});
