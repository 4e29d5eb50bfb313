// The pipeline on the built page: a lane per worker, the slowest stage named,
// both forms and both engines agreeing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite, sweep, timelineLanes } from './built-site.js';

const site = builtSite();

test('pipeline: a lane per worker, the slowest stage named, both forms and both engines agree', { timeout: 180_000 }, async () => {
  const { page, problems } = await site.openPage();
  // Transform costs ten times each other stage: at k = 4 each stage has one worker, and transform's sets the pace.
  const unbalanced = { items: 40, read_work: 10, parse_work: 10, transform_work: 100, write_work: 10 };
  await sweep(page, 'pipeline', '1,4', unbalanced);
  assert.equal(await timelineLanes(page), 4);
  assert.equal(await page.textContent('#distinct-workers'), '4');
  assert.match(await page.textContent('#result-summary'), /read 1, parse 1, transform 1, write 1 \(auto.*(transform limits the throughput|the busiest, transform,)/);
  assert.match(await page.textContent('#timeline'), /transform/);
  const options = { experiment: 'pipeline', params: { ...unbalanced, stage_workers: '1,1,2,1' }, workers: '1,4', repetitions: 1 };
  const runs = [];
  for (const form of ['pipeline', 'data_parallel']) {
    for (const engine of ['threads', 'processes']) {
      const record = await page.evaluate((o) => window.parlab.sweep(o), { ...options, params: { ...options.params, form }, engine });
      runs.push(...record.runs);
    }
  }
  assert.equal(runs.length, 8);
  assert.equal(new Set(runs.map((r) => r.checksum)).size, 1, 'every form, engine and k computes the same items');
  assert.deepEqual(problems, []);
});
