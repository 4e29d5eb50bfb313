import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOutbox } from './outbox.js';

const memoryStorage = () => {
  const map = new Map();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v) };
};
const answer = (status, body = {}) => ({ ok: status < 300, status, json: async () => body });

test('pending submissions survive until acknowledged, and go again after the server comes back', async () => {
  const storage = memoryStorage();
  let up = false;
  const received = [];
  const post = async (item) => {
    if (!up) throw new Error('Failed to fetch');
    received.push(item.id);
    return answer(200);
  };
  const outbox = createOutbox(storage, 'outbox', post);
  outbox.add({ id: 'a', body: 1 });
  outbox.add({ id: 'b', body: 2 });
  const down = await outbox.flush();
  assert.deepEqual(down.map((o) => o.outcome), ['waiting'], 'the first failure stops the flush; order is kept');
  // A reloaded page reads the same storage.
  const reloaded = createOutbox(storage, 'outbox', post);
  assert.deepEqual(reloaded.pending().map((i) => i.id), ['a', 'b']);
  up = true;
  const sent = await reloaded.flush();
  assert.deepEqual(sent.map((o) => [o.item.id, o.outcome]), [['a', 'sent'], ['b', 'sent']]);
  assert.deepEqual(received, ['a', 'b']);
  assert.deepEqual(reloaded.pending(), []);
});

test('a refusal a retry cannot change is dropped with its reason; a busy server is retried later', async () => {
  const storage = memoryStorage();
  const statuses = { stale: 409, later: 429 };
  const outbox = createOutbox(storage, 'outbox', async (item) => answer(statuses[item.id], { error: `no ${item.id}` }));
  outbox.add({ id: 'stale' });
  outbox.add({ id: 'later' });
  const outcomes = await outbox.flush();
  assert.deepEqual(outcomes.map((o) => [o.item.id, o.outcome, o.message]), [['stale', 'refused', 'no stale'], ['later', 'waiting', 'the class server answered 429']]);
  assert.deepEqual(outbox.pending().map((i) => i.id), ['later']);
});

test('the same id replaces a pending item instead of queueing it twice', () => {
  const outbox = createOutbox(memoryStorage(), 'outbox', async () => answer(200));
  outbox.add({ id: 'p', number: 1 });
  outbox.add({ id: 'p', number: 2 });
  assert.deepEqual(outbox.pending(), [{ id: 'p', number: 2 }]);
});
