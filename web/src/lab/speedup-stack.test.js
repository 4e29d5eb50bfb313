import assert from 'node:assert/strict';
import test from 'node:test';
import { accountRun, largestLoss, speedupStack } from './speedup-stack.js';

/** A run at k taking `timeMs`, with per-worker totals by kind and a merge. */
function run(k, timeMs, perWorker, mergeMs = 0) {
  const totals = [];
  for (let w = 0; w < k; w++) {
    for (const [kind, ms] of Object.entries(perWorker(w))) totals.push({ lane: w, kind, ms });
  }
  if (mergeMs) totals.push({ lane: 'merge', kind: 'merge', ms: mergeMs });
  return { k, timeMs, account: accountRun(totals, k) };
}

const record = (runs, extra = {}) => ({ mode: 'speedup', ks: [...new Set(runs.map((r) => r.k))], runs, startupMsByK: {}, ...extra });
const sum = (parts) => Object.values(parts).reduce((a, b) => a + b, 0);
const close = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} against ${b}`);

function checkAddsUp(stack) {
  for (const bar of stack.bars) close(sum(bar.parts), bar.k - bar.speedup, `k = ${bar.k}`);
}

test('at k = 1 every part is zero, and the baseline is the composition of T(1)', () => {
  const stack = speedupStack(record([run(1, 100, () => ({ compute: 80, lock_wait: 10 }), 5)]));
  assert.deepEqual(Object.values(stack.bars[0].parts).map((v) => Math.abs(v) < 1e-12), Array(9).fill(true));
  close(stack.baseline.shares.compute, 0.8, 'compute');
  close(stack.baseline.shares.lock_wait, 0.1, 'lock');
  close(stack.baseline.shares.merge, 0.05, 'merge');
  close(stack.baseline.shares.other, 0.05, 'other');
});

test('pure skew goes to idle', () => {
  // 100 ms of work; at k = 2 one worker gets 75 ms of it, the other 25 ms.
  const stack = speedupStack(record([run(1, 100, () => ({ compute: 100 })), run(2, 75, (w) => ({ compute: w === 0 ? 75 : 25 }))]));
  const bar = stack.bars[1];
  close(bar.speedup, 100 / 75, 'speedup');
  close(bar.parts.idle, 2 - 100 / 75, 'idle');
  close(bar.parts.inflation, 0, 'inflation');
  assert.equal(largestLoss(bar).id, 'idle');
  checkAddsUp(stack);
});

test('a lock-bound run goes to lock waits', () => {
  const stack = speedupStack(record([run(1, 100, () => ({ compute: 100 })), run(2, 90, () => ({ compute: 50, lock_wait: 40 }))]));
  const bar = stack.bars[1];
  close(bar.parts.lock_wait, 80 / 90, 'lock');
  assert.equal(largestLoss(bar).id, 'lock_wait');
  checkAddsUp(stack);
});

test('workers beyond the cores go to inflation', () => {
  // 4 workers on 2 cores: each quarter of the work takes twice as long.
  const stack = speedupStack(record([run(1, 100, () => ({ compute: 100 })), run(4, 50, () => ({ compute: 50 }))]));
  const bar = stack.bars[1];
  close(bar.speedup, 2, 'speedup');
  close(bar.parts.inflation, 2, 'inflation');
  close(bar.parts.idle, 0, 'idle');
  assert.equal(largestLoss(bar).id, 'inflation');
  checkAddsUp(stack);
});

test('a transfer-bound run goes to messages, and a serial merge counts for every idle worker', () => {
  const stack = speedupStack(record([
    run(1, 110, () => ({ compute: 100 }), 10),
    run(2, 100, () => ({ compute: 50, message: 40 }), 10),
  ]));
  const bar = stack.bars[1];
  close(bar.parts.message, 80 / 100, 'messages');
  close(bar.parts.merge, (2 * 10 - 10) / 100, 'merge');
  assert.equal(largestLoss(bar).id, 'message');
  checkAddsUp(stack);
});

test('waiting requests: I/O is most of T(1), and overlapping it leaves almost nothing lost', () => {
  const stack = speedupStack(record([
    run(1, 1000, () => ({ compute: 20, io_wait: 980 })),
    run(8, 130, () => ({ compute: 2.5, io_wait: 122.5 })),
  ]));
  close(stack.baseline.shares.io_wait, 0.98, 'I/O share of T(1)');
  const bar = stack.bars[1];
  close(bar.parts.io_wait, 0, 'I/O part');
  close(bar.speedup, 1000 / 130, 'speedup');
  checkAddsUp(stack);
});

test('start-up counts for every worker when the sweep includes it', () => {
  const stack = speedupStack(record([run(1, 100, () => ({ compute: 100 })), run(2, 50, () => ({ compute: 50 }))],
    { includeStartup: true, startupMsByK: { 1: 5, 2: 10 } }));
  const bar = stack.bars[1];
  close(bar.speedup, 105 / 60, 'speedup with start-up');
  close(bar.parts.startup, (2 * 10 - 5) / 60, 'start-up');
  checkAddsUp(stack);
});

test('medians over repetitions; still exact', () => {
  const stack = speedupStack(record([
    run(1, 100, () => ({ compute: 100 })), run(1, 104, () => ({ compute: 103 })), run(1, 99, () => ({ compute: 99 })),
    run(2, 60, () => ({ compute: 55, gil_wait: 3 })), run(2, 52, () => ({ compute: 50 })), run(2, 70, () => ({ compute: 60, gil_wait: 9 })),
  ]));
  close(stack.bars[1].speedup, 100 / 60, 'ratio of medians');
  checkAddsUp(stack);
});

test('no stack without accounts, without k = 1, or in scale-up', () => {
  assert.equal(speedupStack(record([{ k: 1, timeMs: 10 }, { k: 2, timeMs: 6 }])), null);
  assert.equal(speedupStack(record([run(2, 60, () => ({ compute: 50 }))])), null);
  assert.equal(speedupStack({ ...record([run(1, 10, () => ({ compute: 10 }))]), mode: 'scaleup' }), null);
});

test('the account leaves out lanes beyond k and other named lanes', () => {
  const account = accountRun([
    { lane: 0, kind: 'compute', ms: 5 }, { lane: 2, kind: 'compute', ms: 7 }, { lane: 'producer', kind: 'compute', ms: 9 },
    { lane: 'merge', kind: 'merge', ms: 1 },
  ], 2);
  assert.equal(account.workerMs.compute, 5);
  assert.equal(account.mergeMs, 1);
});
