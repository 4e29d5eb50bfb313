// The shared counter on the built page: the race's lost updates are reported
// as a measured number, and the correct strategies count exactly N on both
// engines and at every k.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite } from './built-site.js';

const site = builtSite();


const N = 2_000_000;
const digits = (text) => Number(text.replaceAll(',', ''));

test('the race reports its lost updates as a number: expected, obtained, and their difference', { timeout: 120_000 }, async () => {
  const { page, problems } = await site.openPage();
  await page.click('#experiment-list button[data-id="counter"]');
  await page.fill('#param-increments', String(N));
  await page.selectOption('#param-strategy', 'unsynchronized');
  await page.fill('#workers', '1,2');
  await page.click('#run');
  await page.waitForFunction(() => !document.getElementById('run').disabled, null, { timeout: 100_000 });
  assert.equal(await page.isVisible('#error'), false, await page.textContent('#error'));

  // The summary is about every run at the largest k; how many lost updates depends on the machine.
  const summary = await page.textContent('#result-summary');
  const said = summary.match(/^Expected ([\d,]+): (?:none of the (\d+) runs at k = 2 lost an update|(\d+) of the (\d+) runs at k = 2 lost updates \(least ([\d,]+), median ([\d,]+), most ([\d,]+)\))/);
  assert.ok(said, summary);
  assert.equal(digits(said[1]), N);
  if (said[3]) {
    const [losing, runs, least, middle, most] = said.slice(3).map(digits);
    assert.ok(losing >= 1 && losing <= runs && runs === 3, summary);
    assert.ok(least <= middle && middle <= most && most <= N && most > 0, summary);
  } else {
    assert.equal(digits(said[2]), 3, summary);
  }

  // The record keeps every run's count: exact on one worker, never more than N on two.
  const record = await page.evaluate((n) => window.parlab.sweep({ experiment: 'counter', params: { increments: n }, workers: '1,2', repetitions: 2 }), N);
  for (const run of record.runs) {
    const { expected: e, obtained: o, lost: l, strategy } = run.details;
    assert.deepEqual([e, strategy, o + l, run.checksum], [N, 'unsynchronized', N, String(o)]);
    if (run.k === 1) assert.equal(l, 0);
  }
  assert.deepEqual(problems, []);
});

test('the correct strategies count exactly N on both engines at every k; processes say they share no counter', { timeout: 180_000 }, async () => {
  const { page, problems } = await site.openPage();
  for (const strategy of ['lock', 'atomic', 'partials']) {
    for (const engine of ['threads', 'processes']) {
      const record = await page.evaluate((o) => window.parlab.sweep(o),
        { experiment: 'counter', params: { increments: N, strategy, increments_per_chunk: 50_000 }, workers: '1,2', repetitions: 1, engine });
      assert.equal(record.engine, engine);
      assert.deepEqual([...new Set(record.runs.map((r) => r.checksum))], [String(N)], `${strategy} on ${engine}`);
      assert.ok(record.runs.every((r) => r.details.lost === 0), `${strategy} on ${engine}`);
    }
    assert.match(await page.textContent('#result-summary'), /in every run: no shared counter, so nothing to race on/);
  }
  assert.deepEqual(problems, []);
});
