import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkSource, readyTaskSource, recordLane } from './chunks.js';
import { RunRecorder } from './run-recorder.js';

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

const bars = (records) => records.map((r) => [r.what, r.first_task, r.start_ms, r.end_ms]);

function laneRecords(chunks, { runStart, ...lane }) {
  const recorder = new RunRecorder(runStart);
  recordLane(recorder, chunks, lane);
  return recorder.records;
}

test('one chunk in flight: the process waits for every send and every receive', () => {
  const chunks = [
    { first: 0, count: 1, sent: 100, started: 102, computed: 110, returned: 111 },
    { first: 1, count: 1, sent: 111, started: 113, computed: 120, returned: 122 },
  ];
  assert.deepEqual(bars(laneRecords(chunks, { worker: 0, taskName: 'row', runStart: 100 })), [
    ['send', 0, 0, 2], ['row', 0, 2, 10], ['receive', 0, 10, 11],
    ['send', 1, 11, 13], ['row', 1, 13, 20], ['receive', 1, 20, 22],
  ]);
});

test('two chunks in flight: a chunk already queued leaves no gap, the bars never overlap', () => {
  const chunks = [
    { first: 0, count: 1, sent: 0, started: 2, computed: 10, returned: 12 },
    { first: 1, count: 1, sent: 0, started: 10, computed: 18, returned: 19 },
    // Sent when chunk 0 came back, arrived after chunk 1 was done: the process waited for it.
    { first: 2, count: 1, sent: 12, started: 21, computed: 30, returned: 31 },
  ];
  const records = laneRecords(chunks, { worker: 1, taskName: 'row', runStart: 0 });
  assert.deepEqual(bars(records), [
    ['send', 0, 0, 2], ['row', 0, 2, 10], ['row', 1, 10, 18], ['receive', 1, 18, 19],
    ['send', 2, 19, 21], ['row', 2, 21, 30], ['receive', 2, 30, 31],
  ]);
  assert.ok(records.every((r) => r.worker === 1));
});

test('a wait that holds the process is recorded as I/O, not as computing, and every kind adds up exactly', () => {
  const recorder = new RunRecorder(0);
  recordLane(recorder, [{ first: 0, count: 1, sent: 0, started: 1, computed: 3, waited: 53, returned: 54 }], { worker: 0, taskName: 'requests' });
  assert.deepEqual(recorder.records.map((r) => [r.kind, r.what, r.start_ms, r.end_ms]), [
    ['message', 'send', 0, 1], ['compute', 'requests', 1, 3], ['io_wait', 'waiting', 3, 53], ['message', 'receive', 53, 54],
  ]);
  const total = (kind) => recorder.totals.find((t) => t.lane === 0 && t.kind === kind).ms;
  assert.deepEqual([total('compute'), total('io_wait'), total('message')], [2, 50, 2]);
});

test('a recorder refuses a kind of time that does not exist', () => {
  assert.throws(() => new RunRecorder(0).segment(0, 'shuffle', 'shuffle', 0, 1), /not a kind of time/);
});
