// The GIL switch on the built page: the same results, the waits for the lock
// in the timeline, and no GIL on the processes engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite, sweep } from './built-site.js';

const site = builtSite();

test('the GIL switch: the same results, waits for the lock in the timeline, and no GIL on processes', { timeout: 180_000 }, async () => {
  const { page, problems } = await site.openPage();
  const params = { toasts: 60, toast_work: 100 };
  const free = await page.evaluate((p) => window.parlab.sweep({ experiment: 'toasts', params: p, workers: '1,2', repetitions: 1 }), params);
  await page.click('#experiment-list button[data-id="toasts"]');
  await page.click('#advanced > summary');
  await page.check('#gil');
  assert.match(await page.textContent('#gil-note'), /take turns/);
  await sweep(page, 'toasts', '1,2', params);
  assert.match(await page.textContent('#results-title'), /GIL 5 ms/);
  assert.match(await page.textContent('#gil-summary'), /waiting for it/);
  // The legend names both kinds, and the waits are bars of the wait colour (charts/timeline.js).
  assert.match(await page.textContent('#timeline'), /toasts.*GIL wait/s);
  const waitBars = await page.locator('#timeline svg g[aria-label="bar"] rect[fill="#cf222e"]').count();
  assert.ok(waitBars > 0, 'the timeline shows waits for the GIL');
  const held = await page.evaluate(() => window.parlab.sweep({ experiment: 'toasts', params: { toasts: 60, toast_work: 100 }, workers: '1,2', repetitions: 1, gil: true }));
  assert.deepEqual(held.gil, { switchIntervalMs: 5, held: true });
  assert.deepEqual(new Set([...free.runs, ...held.runs].map((r) => r.checksum)).size, 1, 'the GIL changes the timing, never the result');

  await page.selectOption('#engine', 'processes');
  assert.match(await page.textContent('#gil-note'), /processes engine has no GIL/);
  const processes = await page.evaluate(() => window.parlab.sweep({ experiment: 'toasts', params: { toasts: 60, toast_work: 100 }, workers: '1,2', repetitions: 1, gil: true, engine: 'processes' }));
  assert.deepEqual(processes.gil, { switchIntervalMs: 5, held: false });
  assert.match(await page.textContent('#gil-summary'), /has no GIL/);
  await assert.rejects(page.evaluate(() => window.parlab.sweep({ experiment: 'fork_join', gil: true })), /cannot run under a GIL/);
  assert.deepEqual(problems, []);
});
