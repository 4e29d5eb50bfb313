import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRequest } from './message-api.js';

test('well-formed requests are recognised', () => {
  assert.equal(isRequest({ parlab: 1, type: 'run', experiment: 'toasts', params: { toasts: 10 }, workers: '1,2' }), true);
  assert.equal(isRequest({ parlab: 1, type: 'run', workers: [1, 2], repetitions: 2 }), true);
  assert.equal(isRequest({ parlab: 1, type: 'cancel' }), true);
  assert.equal(isRequest({ parlab: 1, type: 'set', view: 'speedup,timeline' }), true);
  assert.equal(isRequest({ parlab: 1, type: 'run', view: ['timeline'] }), true);
  assert.equal(isRequest({ parlab: 1, type: 'run', experiment: 'toasts', faultInjection: 'worker-panic' }), true);
});

test('messages of other shapes are ignored', () => {
  for (const data of [null, 'run', 42, [], {}, { type: 'run' }, { parlab: 2, type: 'run' }, { parlab: 1, type: 'delete' },
    { parlab: 1, type: 'run', params: 'x' }, { parlab: 1, type: 'run', workers: { a: 1 } }, { parlab: 1, type: 'run', workers: [1.5] },
    { parlab: 1, type: 'set', experiment: 7 }, { parlab: 1, type: 'run', repetitions: '3' },
    { parlab: 1, type: 'set', view: 3 }, { parlab: 1, type: 'set', view: ['timeline', 2] },
    { parlab: 1, type: 'run', faultInjection: true }]) {
    assert.equal(isRequest(data), false, JSON.stringify(data));
  }
});
