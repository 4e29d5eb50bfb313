import { test } from 'node:test';
import assert from 'node:assert/strict';
import partitions, { pruningComparison } from './partitions.js';

const params = { rows: 1000, partitions: 8, split: 'whole', partition_work: 0, row_work: 10, layout: 'day', day_from: 0, day_to: 89, pruning: 'on', seed: 1 };
const record = (changes, timesByK) => ({
  experiment: 'partitions', engine: 'threads', mode: 'speedup', params: { ...params, ...changes },
  runs: Object.entries(timesByK).flatMap(([k, times]) => times.map((timeMs) => ({ k: Number(k), timeMs }))),
});
const details = {
  rows: 1000, partitions: 8, pieces_per_partition: 1, partitions_scanned: 2, partitions_skipped: 6, rows_scanned: 250,
  rows_matched: 246, revenue_cents: 123456, layout: 'day', pruning: 'on', days: [0, 89],
};

test('pruning alone is the ratio of the measured medians of two sweeps that differ only in pruning', () => {
  const pruned = record({}, { 1: [10, 12, 11], 2: [6, 5, 7] });
  const unpruned = record({ pruning: 'off' }, { 1: [40, 44, 42], 2: [21, 20, 22] });
  assert.deepEqual(pruningComparison(pruned, [unpruned], 2), { k: 2, withMs: 6, withoutMs: 21, speedup: 3.5 });
  // Seen from the unpruned sweep, the same two medians.
  assert.deepEqual(pruningComparison(unpruned, [pruned], 1), { k: 1, withMs: 11, withoutMs: 42, speedup: 42 / 11 });
});

test('sweeps that differ in anything else, or lack the k, are not compared', () => {
  const pruned = record({}, { 1: [10], 2: [6] });
  assert.equal(pruningComparison(pruned, [record({ pruning: 'off', rows: 2000 }, { 2: [20] })], 2), null);
  assert.equal(pruningComparison(pruned, [{ ...record({ pruning: 'off' }, { 2: [20] }), engine: 'processes' }], 2), null);
  assert.equal(pruningComparison(pruned, [record({}, { 2: [20] })], 2), null, 'pruning the same way');
  assert.equal(pruningComparison(pruned, [record({ pruning: 'off' }, { 1: [20] })], 2), null);
});

test('the summary gives partitions scanned and skipped, and the speedup from pruning when a sweep is overlaid', () => {
  const pruned = record({}, { 1: [10], 2: [6] });
  const alone = partitions.describeResult(details, { k: 2, record: pruned, overlays: [] });
  assert.match(alone, /^Scanned 2 of 8 partitions \(6 skipped\), reading 250 of 1,000 orders; 246 orders on days 0–89, revenue 1,234\.56\./);
  assert.match(alone, /run this sweep again with pruning the other way/);
  const compared = partitions.describeResult(details, { k: 2, record: pruned, overlays: [record({ pruning: 'off' }, { 2: [24] })] });
  assert.match(compared, /Pruning alone, at k = 2: 24\.0 ms without, 6\.0 ms with, 4\.00×/);
});

test('the summary says why nothing was skipped, and when partitions were split', () => {
  const rowOrder = partitions.describeResult({ ...details, layout: 'rows', partitions_scanned: 8, partitions_skipped: 0 }, { k: 2 });
  assert.match(rowOrder, /Stored in row order, every partition holds orders of nearly every day, so pruning could skip none\./);
  assert.match(partitions.describeResult({ ...details, pruning: 'off' }, { k: 2 }), /Pruning was off/);
  const split = partitions.describeResult({ ...details, partitions: 1, pieces_per_partition: 4 }, { k: 4 });
  assert.match(split, /of 1 partition \(/);
  assert.match(split, /split into 4 pieces, so that all 4 workers had work/);
});
