// For test files that drive the built site (dist/, served with the isolation
// headers) in Chromium: one browser and one server per file, started before
// its tests and closed after them, and pages opened on it.
import { after, before } from 'node:test';
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
