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

test('the history keeps the last 50 sweeps: the 51st drops the oldest, a reload keeps the same 50', () => {
  const storage = memoryStorage();
  const history = new History(storage);
  for (let i = 1; i <= 50; i++) history.add({ label: `sweep ${i}`, record: { runs: [i] }, timelines: {} });
  assert.equal(history.full, true);
  assert.equal(history.entries[0].label, 'sweep 1');
  history.add({ label: 'sweep 51', record: { runs: [51] }, timelines: {} });
  assert.equal(history.entries.length, 50);
  assert.deepEqual([history.entries[0].label, history.entries.at(-1).label], ['sweep 2', 'sweep 51']);
  assert.equal(history.entries.at(-1).id, 51, 'ids keep counting after a drop');
  const reloaded = new History(storage);
  assert.deepEqual(reloaded.entries.map((e) => e.label), history.entries.map((e) => e.label));
});

test('taking the oldest sweeps (to download them) makes room and is saved', () => {
  const storage = memoryStorage();
  const history = new History(storage, 5);
  for (let i = 1; i <= 5; i++) history.add({ label: `sweep ${i}`, record: { runs: [i] }, timelines: {} });
  assert.equal(history.full, true);
  const taken = history.takeOldest(2);
  assert.deepEqual(taken.map((e) => e.label), ['sweep 1', 'sweep 2']);
  assert.equal(history.full, false);
  assert.deepEqual(new History(storage, 5).entries.map((e) => e.label), ['sweep 3', 'sweep 4', 'sweep 5']);
});

test('a stored history longer than the limit (from an older version) is cut to the newest', () => {
  const storage = memoryStorage();
  storage.setItem('parlab-history-v1', JSON.stringify(Array.from({ length: 60 }, (_, i) => ({ id: i + 1, label: `s${i + 1}`, record: {}, timelines: {} }))));
  const history = new History(storage);
  assert.equal(history.entries.length, 50);
  assert.equal(history.entries[0].label, 's11');
});
