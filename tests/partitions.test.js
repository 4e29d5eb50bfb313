// The partitions experiment on the built page: pruning by day on both engines
// at k = 1, 2 computes the same result, skips the partitions outside the
// query's days, and, with the unpruned sweep overlaid, the summary compares
// the two measured sweeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite } from './built-site.js';

const site = builtSite();

// 8 partitions of about 45.6 days each, stored by day: days 0–89 lie in the first two.
const params = { rows: 40000, partitions: 8, split: 'whole', partition_work: 1, row_work: 20, layout: 'day', day_from: 0, day_to: 89, pruning: 'on', seed: 7 };
const options = { experiment: 'partitions', params, workers: '1,2', repetitions: 1 };

test('partitions by day, pruned: equal checksums on both engines at k = 1, 2, and the partitions scanned and skipped on the page', { timeout: 120_000 }, async () => {
  const { page, problems } = await site.openPage();

  const threads = await page.evaluate((o) => window.parlab.sweep({ ...o, engine: 'threads' }), options);
  const scanned = /^Scanned 2 of 8 partitions \(6 skipped\), reading 10,000 of 40,000 orders; ([\d,]+) orders on days 0–89/;
  const onThreads = (await page.textContent('#result-summary')).match(scanned);
  assert.ok(onThreads, await page.textContent('#result-summary'));
  assert.match(await page.textContent('#bytes-summary'), /0 bytes copied\. A share-nothing run would move .* of results gathered back \(gather\)/);

  const processes = await page.evaluate((o) => window.parlab.sweep({ ...o, engine: 'processes' }), options);
  const onProcesses = (await page.textContent('#result-summary')).match(scanned);
  assert.ok(onProcesses, await page.textContent('#result-summary'));
  assert.equal(onProcesses[1], onThreads[1], 'the same orders matched');
  const runs = [...threads.runs, ...processes.runs];
  assert.deepEqual(runs.map((r) => r.k).sort(), [1, 1, 2, 2], 'every k ran on each engine');
  assert.equal(new Set(runs.map((r) => r.checksum)).size, 1, 'both engines and every k computed the same result');
  for (const run of processes.runs) {
    assert.deepEqual([run.details.partitions_scanned, run.details.partitions_skipped, run.bytesMoved.scatter], [2, 6, 0]);
    assert.ok(run.bytesMoved.gather > 0, 'a summary per partition came back');
  }

  // Without pruning every partition is read and the same orders match; overlaid, the two sweeps are compared.
  const unpruned = await page.evaluate((o) => window.parlab.sweep({ ...o, params: { ...o.params, pruning: 'off' }, engine: 'processes' }), options);
  assert.equal(unpruned.runs[0].checksum, runs[0].checksum);
  assert.match(await page.textContent('#result-summary'), /^Scanned 8 of 8 partitions \(0 skipped\), reading 40,000 of 40,000 orders/);
  await page.locator('#history-list li').nth(1).locator('input[type="checkbox"]').check();
  assert.match(await page.textContent('#result-summary'), /Pruning alone, at k = 2: [\d.]+ ms without, [\d.]+ ms with, [\d.]+× \(both measured/);
  assert.deepEqual(problems, []);
});
