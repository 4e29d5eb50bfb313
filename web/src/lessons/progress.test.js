import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LessonProgress } from './progress.js';

const memoryStorage = () => {
  const items = new Map();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => items.set(key, String(value)) };
};

test('predictions, steps done and answers are kept per lesson, across page loads, until started over', () => {
  const storage = memoryStorage();
  const first = new LessonProgress(storage);
  first.recordPrediction(1, 2, 3.5);
  first.markDone(1, 2);
  first.markDone(1, 2);
  first.recordAnswer(1, 0, 1);
  first.markDone(2, 1);
  const reloaded = new LessonProgress(storage);
  assert.deepEqual(reloaded.of(1), { predictions: { 2: 3.5 }, done: [2], answers: { 0: 1 } });
  reloaded.startOver(1);
  assert.deepEqual(new LessonProgress(storage).of(1), { predictions: {}, done: [], answers: {} });
  assert.deepEqual(new LessonProgress(storage).of(2).done, [1], 'starting one lesson over keeps the others');
});

test('a storage that refuses or holds nonsense only loses the memory', () => {
  const refusing = { getItem: () => '{not json', setItem: () => { throw new Error('quota'); } };
  const progress = new LessonProgress(refusing);
  progress.markDone(1, 1);
  assert.deepEqual(progress.of(1).done, [1]);
  assert.deepEqual(new LessonProgress(null).of(3), { predictions: {}, done: [], answers: {} });
});
