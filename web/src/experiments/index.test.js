import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOPICS, experiments } from './index.js';

test('the lab lists every experiment under exactly one of the course\'s topics', () => {
  const listed = TOPICS.flatMap((topic) => topic.ids);
  assert.deepEqual([...listed].sort(), experiments.map((e) => e.id).sort());
  assert.equal(new Set(listed).size, listed.length);
});
