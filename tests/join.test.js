// The join and the sample sort on the built page (dist/), on both engines, in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite } from './built-site.js';

const site = builtSite();

const sweepOn = (page, engine, options) => page.evaluate((o) => window.parlab.sweep(o), { ...options, engine });
const total = (bytes) => bytes.scatter + bytes.shuffle + bytes.gather;

test('join: both strategies on both engines give one checksum; processes measure the bytes moved, threads say what they would move', { timeout: 60_000 }, async () => {
  const { page, problems } = await site.openPage();
  const orders = 200_000;
  const customers = 5000;
  const base = { experiment: 'join', workers: '1,2', repetitions: 1 };
  const runs = {};
  for (const strategy of ['broadcast', 'repartition']) {
    for (const engine of ['threads', 'processes']) {
      const record = await sweepOn(page, engine, { ...base, params: { orders, customers, customer_skew: 2, strategy } });
      runs[`${strategy} ${engine}`] = Object.fromEntries(record.runs.map((run) => [run.k, run]));
      const summary = await page.textContent('#bytes-summary');
      assert.match(summary, engine === 'threads' ? /0 bytes copied\. A share-nothing run would move/ : /the processes moved/, summary);
    }
  }
  const checksums = new Set(Object.values(runs).flatMap((byK) => Object.values(byK).map((run) => run.checksum)));
  assert.equal(checksums.size, 1, 'every strategy, engine and k joined the same rows');

  // A broadcast sends the customers table (6 bytes a customer) to each process; a repartition shuffles every row once.
  const broadcast = runs['broadcast processes'][2].bytesMoved;
  assert.ok(broadcast.scatter >= 2 * 6 * customers && broadcast.shuffle === 0, JSON.stringify(broadcast));
  const repartition = runs['repartition processes'][2].bytesMoved;
  assert.ok(repartition.shuffle >= 12 * orders + 6 * customers, JSON.stringify(repartition));
  for (const strategy of ['broadcast', 'repartition']) {
    const threads = runs[`${strategy} threads`][2];
    assert.equal(threads.bytesMoved, undefined, 'threads copy nothing');
    assert.deepEqual(threads.details.would_move, runs[`${strategy} processes`][2].bytesMoved, `${strategy}: what the processes moved`);
    assert.ok(total(threads.details.would_move) > 0);
  }
  // Customer 0 has about 61 % of the orders at skew 2: its reducer joins them all; broadcast's workers split them evenly.
  const byPart = (run) => run.details.orders_by_part;
  assert.ok(Math.max(...byPart(runs['repartition threads'][2])) > 0.55 * orders, byPart(runs['repartition threads'][2]).join());
  assert.deepEqual(byPart(runs['broadcast processes'][2]), [orders / 2, orders / 2]);
  assert.match(await page.textContent('#result-summary'), /200,000 of 200,000 orders joined with 5,000 customers; top regions by revenue: \w+ \$[\d,]+/);
  assert.deepEqual(problems, []);
});

test('sample sort: fork–join\'s numbers sorted to fork–join\'s checksum on both engines, whose processes send every sorted key back; a hot key fills one bucket', { timeout: 60_000 }, async () => {
  const { page, problems } = await site.openPage();
  const elements = 200_000;
  const base = { workers: '1,2', repetitions: 1 };
  const checksums = new Set();
  const runsOf = {};
  for (const engine of ['threads', 'processes']) {
    for (const experiment of ['fork_join', 'sample_sort']) {
      const record = await sweepOn(page, engine, { ...base, experiment, params: { elements, seed: 3 } });
      for (const run of record.runs) checksums.add(run.checksum);
      runsOf[`${experiment} ${engine}`] = Object.fromEntries(record.runs.map((run) => [run.k, run]));
    }
  }
  assert.equal(checksums.size, 1, 'both sorts, both engines, every k');
  // Fork–join's processes send every sorted key back to be merged; at k = 2 they are sent their keys, one process makes them.
  for (const k of [1, 2]) assert.deepEqual(runsOf['fork_join processes'][k].bytesMoved, { scatter: k > 1 ? 4 * elements : 0, shuffle: 0, gather: 4 * elements }, `k = ${k}`);
  const sampleSortRuns = { threads: runsOf['sample_sort threads'], processes: runsOf['sample_sort processes'] };
  // The sorted keys stay with the reducers: 16 bytes of summary come back from each; one process is sent nothing and shuffles nothing.
  for (const k of [1, 2]) {
    const moved = sampleSortRuns.processes[k].bytesMoved;
    assert.deepEqual(sampleSortRuns.threads[k].details.would_move, moved, `k = ${k}: what the processes moved`);
    assert.equal(moved.gather, 16 * k, JSON.stringify(moved));
    assert.equal(moved.shuffle > 4 * elements, k > 1, JSON.stringify(moved));
    assert.equal(moved.scatter > 4 * elements, k > 1, `one process makes its keys: ${JSON.stringify(moved)}`);
  }
  const hot = await sweepOn(page, 'threads', { ...base, experiment: 'sample_sort', params: { elements, keys: 'duplicates', splitters: 'sample' } });
  const sizes = hot.runs.find((run) => run.k === 2).details.bucket_sizes;
  assert.ok(Math.max(...sizes) > 0.7 * elements, `half the keys are one value, all in one bucket: ${sizes}`);
  assert.match(await page.textContent('#result-summary'), /^Keys per bucket: [\d,]+, [\d,]+ \(the largest \d+ % of the keys; an even share would be 50 %\)\.$/);
  assert.deepEqual(problems, []);
});
