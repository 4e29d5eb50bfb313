// For test files that drive the built site (dist/, served with the isolation
// headers) in Chromium: one browser and one server per file, started before
// its tests and closed after them, and pages opened on it.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './browser.js';
import { isolationHeaders, serveStatic } from './static-server.js';

/**
 * Registers the file's before/after hooks and returns the site, served with
 * `headers` (the isolation headers unless told otherwise; `{}` for a host that
 * sends none):
 * `site.openPage(options)` opens the page (`options` go to `newPage`), waits
 * for `window.parlab`, and resolves with `{ page, problems }`, where
 * `problems` collects the page's uncaught errors.
 */
export function builtSite({ headers = isolationHeaders } = {}) {
  const site = {
    browser: null,
    server: null,
    async openPage(options) {
      const page = await site.browser.newPage(options);
      const problems = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(site.server.url);
      await page.waitForFunction(() => window.parlab);
      return { page, problems };
    },
  };
  before(async () => {
    site.browser = await launchChromium();
    site.server = await serveStatic('dist', { headers });
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}

/**
 * Runs a sweep through the lab's controls, as a user would: chooses
 * `experiment`, sets `params` (opening "More settings" for knobs beyond the
 * key ones) and the `workers`, presses Run and waits for the end, which must
 * come without an error.
 */
export async function sweep(page, experiment, workers, params = {}) {
  await page.click(`#experiment-list button[data-id="${experiment}"]`);
  if (Object.keys(params).length) await page.evaluate(() => document.querySelectorAll('#params details.more-settings').forEach((more) => { more.open = true; }));
  for (const [name, value] of Object.entries(params)) await page.fill(`#param-${name}`, String(value));
  await page.fill('#workers', workers);
  await page.click('#run');
  await page.waitForFunction(() => !document.getElementById('run').disabled, null, { timeout: 150_000 });
  assert.equal(await page.isVisible('#error'), false, await page.textContent('#error'));
}

/** The points of the speedup chart. */
export const chartPoints = (page) => page.locator('#main-chart svg g[aria-label="dot"] circle').count();

/** The lanes of the timeline (one per worker, and the merge or producer lanes). */
export const timelineLanes = (page) => page.locator('#timeline svg g[aria-label="y-axis tick label"] text').count();
