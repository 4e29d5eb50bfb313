import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, isCancellation } from './cancellation.js';

// A coordinator's global scope: requests arrive as message events; answers are collected.
function fakeWorkerScope() {
  const target = new EventTarget();
  const posted = [];
  globalThis.self = {
    addEventListener: (type, listener) => target.addEventListener(type, listener),
    postMessage: (message) => posted.push(message),
  };
  const send = async (data) => {
    const event = new Event('message');
    event.data = data;
    target.dispatchEvent(event);
    // The handler is async: let it settle before reading the answers.
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { posted, send };
}

test('a cancellation is told apart by its name, whichever realm threw it', () => {
  assert.ok(isCancellation(new CancelledError()));
  // What the wasm module throws: a plain Error whose name was set in Rust.
  const fromWasm = Object.assign(new Error('The run was cancelled.'), { name: 'CancelledError' });
  assert.ok(isCancellation(fromWasm));
  assert.ok(!isCancellation(new Error('cancelled')), 'a message is not a type');
  assert.ok(!isCancellation(undefined));
});

test('a coordinator answers done, cancelled or failed, and reports only failures', async () => {
  const { posted, send } = fakeWorkerScope();
  const failures = [];
  const { answerRequests } = await import('./coordinator-protocol.js');
  answerRequests({
    ok: async ({ value }) => ({ reply: { doubled: 2 * value } }),
    stop: async () => { throw Object.assign(new Error('The run was cancelled.'), { name: 'CancelledError' }); },
    broken: async () => { throw new Error('unreachable executed'); },
  }, { onFailure: (type, error) => failures.push([type, error.message]) });

  await send({ id: 1, type: 'ok', value: 21 });
  await send({ id: 2, type: 'stop' });
  await send({ id: 3, type: 'broken' });
  await send({ id: 4, type: 'unknown' });

  assert.deepEqual(posted, [
    { id: 1, type: 'done', reply: { doubled: 42 } },
    { id: 2, type: 'cancelled' },
    { id: 3, type: 'failed', message: 'unreachable executed' },
  ]);
  assert.deepEqual(failures, [['broken', 'unreachable executed']]);
});
