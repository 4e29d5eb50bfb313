import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History } from './history.js';

function memoryStorage(limit = Infinity) {
  const items = new Map();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      if (value.length > limit) throw new Error('QuotaExceededError');
      items.set(key, value);
    },
  };
}

test('entries survive a reload through storage, with their overlay choice', () => {
  const storage = memoryStorage();
  const first = new History(storage);
  const entry = first.add({ label: 'a', record: { runs: [1] }, timelines: { 2: { records: [] } } });
  first.setOverlay(entry.id, true);
  const reloaded = new History(storage);
  assert.equal(reloaded.entries.length, 1);
  assert.equal(reloaded.byId(entry.id).overlay, true);
  assert.deepEqual(reloaded.byId(entry.id).record, { runs: [1] });
});

test('when storage is too small, sweeps are kept without their timelines', () => {
  const storage = memoryStorage(300);
  const history = new History(storage);
  history.add({ label: 'a', record: { runs: [1, 2] }, timelines: { 2: { records: 'x'.repeat(1000) } } });
  const reloaded = new History(storage);
  assert.deepEqual(reloaded.entries[0].timelines, {});
  assert.equal(history.entries[0].timelines[2].records.length, 1000);
});

test('unreadable storage starts an empty history', () => {
  const storage = memoryStorage();
  storage.setItem('parlab-history-v1', '{not json');
  assert.deepEqual(new History(storage).entries, []);
});
