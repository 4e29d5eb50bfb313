import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkSource, readyTaskSource } from './chunks.js';

function drain(schedule, tasks, workers) {
  const next = chunkSource(schedule, tasks, workers);
  const taken = Array.from({ length: workers }, () => []);
  let progress = true;
  while (progress) {
    progress = false;
    for (let w = 0; w < workers; w++) {
      const chunk = next(w);
      if (chunk) {
        taken[w].push(chunk);
        progress = true;
      }
    }
  }
  return taken;
}

const covered = (taken) => taken.flat().flatMap(([first, count]) => Array.from({ length: count }, (_, i) => first + i)).sort((a, b) => a - b);

test('every schedule covers every task exactly once', () => {
  for (const schedule of [{ kind: 'static_blocks' }, { kind: 'static_interleaved', chunk: 3 }, { kind: 'dynamic', chunk: 4 }]) {
    for (const [tasks, workers] of [[0, 2], [1, 3], [10, 3], [101, 4]]) {
      assert.deepEqual(covered(drain(schedule, tasks, workers)), Array.from({ length: tasks }, (_, i) => i), `${schedule.kind} ${tasks}/${workers}`);
    }
  }
});

test('static blocks give each worker one contiguous block, like the threads engine', () => {
  assert.deepEqual(drain({ kind: 'static_blocks' }, 10, 3), [[[0, 3]], [[3, 3]], [[6, 4]]]);
});

test('interleaved chunks deal out like cards', () => {
  assert.deepEqual(drain({ kind: 'static_interleaved', chunk: 2 }, 9, 2), [[[0, 2], [4, 2], [8, 1]], [[2, 2], [6, 2]]]);
});

test('an unknown schedule is an error', () => {
  assert.throws(() => chunkSource({ kind: 'lottery' }, 5, 2), /Unknown schedule/);
});

test('a task graph hands out a task only once the tasks it waits for are done', async () => {
  // 0 and 1 are free; 2 waits for 0; 3 waits for 1 and 2.
  const next = readyTaskSource([[], [], [0], [1, 2]]);
  assert.deepEqual(await next(), [0, 1]);
  assert.deepEqual(await next(), [1, 1]);
  let third = null;
  const waiting = next().then((chunk) => { third = chunk; });
  await Promise.resolve();
  assert.equal(third, null, 'task 2 must wait for task 0');
  next.done(1);
  await Promise.resolve();
  assert.equal(third, null, 'task 1 being done does not free task 2');
  next.done(0);
  await waiting;
  assert.deepEqual(third, [2, 1]);
  const last = next();
  next.done(2);
  assert.deepEqual(await last, [3, 1]);
  assert.equal(await next(), null);
});
