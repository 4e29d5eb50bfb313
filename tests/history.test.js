// The session history on the built page: at its bound of 50 sweeps, the page
// says so and hands the oldest over as JSON before new sweeps drop them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { builtSite } from './built-site.js';

const site = builtSite();

test('a full history offers its 10 oldest sweeps as JSON, which then leave the list; a new sweep keeps it at 50', { timeout: 60_000 }, async () => {
  const { page } = await site.openPage({ acceptDownloads: true });
  await page.evaluate(() => window.parlab.sweep({ experiment: 'toasts', params: { toasts: 20, toast_work: 1 }, workers: [1], repetitions: 1 }));
  assert.equal(await page.isVisible('#history-full'), false);
  // 50 copies of that sweep, numbered, as a long session would leave them in the tab's storage.
  await page.evaluate(() => {
    const [entry] = JSON.parse(sessionStorage.getItem('parlab-history-v1'));
    const entries = Array.from({ length: 50 }, (_, i) => ({ ...entry, id: i + 1, label: `sweep ${i + 1}` }));
    sessionStorage.setItem('parlab-history-v1', JSON.stringify(entries));
  });
  await page.reload();
  await page.waitForFunction(() => window.parlab);
  assert.equal(await page.locator('#history-list li').count(), 50);
  assert.equal(await page.isVisible('#history-full'), true);
  await page.evaluate(() => window.parlab.sweep({ experiment: 'toasts', params: { toasts: 20, toast_work: 1 }, workers: [1], repetitions: 1 }));
  assert.equal(await page.locator('#history-list li').count(), 50);
  assert.match(await page.locator('#history-list li').first().textContent(), /sweep 2 /);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-oldest')]);
  assert.equal(download.suggestedFilename(), 'parlab-history-2-11.json');
  const records = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(records.length, 10);
  assert.equal(records[0].experiment, 'toasts');
  assert.equal(await page.locator('#history-list li').count(), 40);
  assert.equal(await page.isVisible('#history-full'), false);
  assert.match(await page.locator('#history-list li').first().textContent(), /sweep 12 /);
  await page.close();
});

test('a sweep exported on another machine is imported, labelled with that machine, and overlaid on this one', { timeout: 60_000 }, async () => {
  const { page } = await site.openPage();
  const here = await page.evaluate(() => window.parlab.sweep({ experiment: 'toasts', params: { toasts: 20, toast_work: 1 }, workers: [1, 2], repetitions: 1 }));
  const elsewhere = {
    ...here, hardwareConcurrency: 64, userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0', date: '2026-12-01T09:00:00.000Z',
    ks: [1, 2, 4, 8, 16, 32, 64], runs: [1, 2, 4, 8, 16, 32, 64].map((k) => ({ k, repetition: 1, timeMs: 640 / Math.min(k, 40), checksum: 'x' })),
  };
  await page.setInputFiles('#import-sweeps', [
    { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify([elsewhere, { parlab: 1, mode: 'speedup' }])) },
  ]);
  await page.waitForSelector('#import-note:not([hidden])');
  assert.match(await page.textContent('#import-note'), /^Imported 1 sweep: .* Sweep 2 of 2 was not imported: it names no experiment\.$/);
  const items = page.locator('#history-list li');
  assert.equal(await items.count(), 2);
  assert.match(await items.nth(1).textContent(), /on 64 cores, Firefox 153, 2026-12-01, imported \(speedup, k ≤ 64\)/);
  assert.equal(await items.nth(1).locator('input').isChecked(), true);
  // The shown sweep stays this machine's; the imported one is a second series on its chart, up to k = 64.
  assert.match(await page.textContent('#results-title'), /^Toasts/);
  const chart = await page.locator('#main-chart').innerHTML();
  assert.match(chart, /swatches/, 'a legend names the two sweeps');
  assert.match(chart, />64</, 'the worker axis reaches the imported k = 64');
  await page.close();
});

test('a sweep extrapolated to 64 cores is drawn as a labelled prediction with its assumptions', { timeout: 60_000 }, async () => {
  const { page } = await site.openPage();
  // A measured sweep with a known serial fraction (100 → 60 ms: s = 0.2), imported so that the test does not depend on this machine's timing.
  const record = {
    parlab: 1, experiment: 'toasts', engine: 'threads', mode: 'speedup', params: {}, ks: [1, 2], repetitions: 1, includeStartup: false,
    startupMsByK: { 1: 30, 2: 60 }, hardwareConcurrency: 2, userAgent: 'HeadlessChrome/156.0.0.0', date: '2026-11-27T10:00:00.000Z',
    runs: [{ k: 1, repetition: 1, timeMs: 100, checksum: 'a' }, { k: 2, repetition: 1, timeMs: 60, checksum: 'a' }],
  };
  await page.setInputFiles('#import-sweeps', [{ name: 'sweep.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(record)) }]);
  await page.waitForSelector('#main-chart svg');
  assert.equal(await page.isVisible('#what-if-caption'), false);
  await page.evaluate(() => { document.getElementById('advanced').open = true; });
  await page.fill('#what-if-cores', '64');
  await page.waitForSelector('#what-if-caption:not([hidden])');
  const caption = await page.textContent('#what-if-caption');
  assert.match(caption, /prediction for up to 64 cores, not a measurement/);
  assert.match(caption, /s = 0\.200/);
  assert.match(caption, /NUMA/);
  assert.equal(await page.locator('#main-chart .prediction').count(), 1, 'one band');
  assert.equal(await page.locator('#main-chart .prediction-label').textContent(), 'predicted, not measured');
  // Memory-bound: the page measures this machine's bandwidth and caps the band at its ratio.
  await page.check('#what-if-memory');
  await page.waitForFunction(() => /memory-bound: one worker streamed/.test(document.getElementById('what-if-caption').textContent), null, { timeout: 30_000 });
  const ceiling = Number((await page.textContent('#what-if-caption')).match(/no more than ([\d.]+)×/)[1]);
  assert.ok(ceiling >= 1, `a ceiling of ${ceiling}×`);
  const rates = await page.evaluate(() => window.parlab.measureBandwidth(1, { megabytes: 8, repetitions: 2 }));
  assert.equal(rates.length, 2);
  assert.ok(rates.every((gb) => gb > 0 && Number.isFinite(gb)), String(rates));
  await page.fill('#what-if-cores', '');
  await page.waitForSelector('#what-if-caption', { state: 'hidden' });
  assert.equal(await page.locator('#main-chart .prediction path').count(), 0);
  await page.close();
});
