// Word count and aggregate on the built page: the word count shows its top 10
// words on both engines with the same checksum, and on processes the combiner
// cuts the bytes shuffled; every aggregation strategy gives the same result on
// both engines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite } from './built-site.js';

const site = builtSite();


const sweep = (page, options) => page.evaluate((o) => window.parlab.sweep(o), { workers: '1,2', repetitions: 1, ...options });
const onlyChecksum = (record) => {
  const checksums = new Set(record.runs.map((r) => r.checksum));
  assert.equal(checksums.size, 1, `${record.engine}: every k computed the same result`);
  return [...checksums][0];
};

test('word count: the top 10 on the page on both engines, one checksum, fewer bytes shuffled with the combiner', { timeout: 60_000 }, async () => {
  const { page, problems } = await site.openPage();
  const params = { words: 300_000, vocabulary: 5000, word_skew: '1.5' };
  const checksums = new Set();
  const shuffled = {};
  for (const engine of ['threads', 'processes']) {
    for (const combiner of ['off', 'on']) {
      const record = await sweep(page, { experiment: 'word_count', params: { ...params, combiner }, engine });
      assert.equal(record.engine, engine);
      checksums.add(onlyChecksum(record));
      const { top } = record.runs.at(-1).details;
      assert.equal(top.length, 10);
      // The summary shows the top 10 of the run at the largest k, with its counts.
      const summary = await page.textContent('#result-summary');
      const shown = summary.match(/Top 10 words: ([^.]+)\./)?.[1].split('; ').map((pair) => pair.split(' '));
      assert.deepEqual(shown?.map(([word, count]) => [word, Number(count.replaceAll(',', ''))]), top, summary);
      assert.equal(top[0][0], 'ba', 'word 0 is the most frequent under Zipf');
      if (engine === 'processes') {
        shuffled[combiner] = record.runs.find((r) => r.k === 2).bytesMoved.shuffle;
      } else {
        assert.match(await page.textContent('#bytes-summary'), /0 bytes copied\. A share-nothing run would move .* shuffled from the tasks to the reducers/);
      }
    }
  }
  assert.equal(checksums.size, 1, 'both engines, with and without the combiner: one result');
  assert.ok(shuffled.on > 0 && shuffled.on * 5 < shuffled.off, `shuffled ${shuffled.on} bytes with the combiner, ${shuffled.off} without`);
  assert.deepEqual(problems, []);
});

test('aggregate: every strategy on both engines gives one result; processes say they take no locks', { timeout: 60_000 }, async () => {
  const { page, problems } = await site.openPage();
  const checksums = new Set();
  for (const strategy of ['one_lock', 'sharded_locks', 'partials']) {
    for (const engine of ['threads', 'processes']) {
      const record = await sweep(page, { experiment: 'aggregate', params: { rows: 200_000, customers: 300, customer_skew: '2', strategy }, engine });
      checksums.add(onlyChecksum(record));
      assert.equal(record.runs.at(-1).details.top.length, 5);
    }
    assert.match(await page.textContent('#result-summary'), /^200,000 orders in \d+ customers; top 5 by revenue: customer 0 .*No locks between processes/);
  }
  assert.equal(checksums.size, 1);
  assert.deepEqual(problems, []);
});
