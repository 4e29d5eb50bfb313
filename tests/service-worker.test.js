// The build for hosts that cannot send headers (dist-sw/, built with
// PARLAB_SERVICE_WORKER=1), served with no isolation header at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './browser.js';
import { serveStatic } from './static-server.js';

let browser;
let lab;
let parent;

before(async () => {
  browser = await launchChromium();
  lab = await serveStatic('dist-sw');
  parent = await serveStatic('tests/fixtures');
});

after(async () => {
  await browser?.close();
  await lab?.close();
  await parent?.close();
});

test('top level: the service worker reloads the page once and it comes back isolated, with threads', { timeout: 60_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(lab.url);
  await page.waitForFunction(() => window.parlab && navigator.serviceWorker.controller, null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.deepEqual(await page.evaluate(() => window.parlab.engines), ['threads', 'processes']);
});

test('inside an iframe of a page without isolation, the worker\'s Document-Isolation-Policy isolates the frame', { timeout: 60_000 }, async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${parent.url}parent.html?lab=${encodeURIComponent(`${lab.url}?embed`)}`);
  await page.evaluate(() => window.ready);
  const frame = page.frames().find((f) => f.url().startsWith(lab.url));
  await frame.waitForFunction(() => window.parlab && navigator.serviceWorker.controller, null, { timeout: 30_000 });
  assert.equal(await frame.evaluate(() => crossOriginIsolated), true);
  const answer = await page.evaluate(() => window.ask({ type: 'run', experiment: 'toasts', params: { toasts: 20 }, workers: '1,2', repetitions: 1 }));
  assert.equal(answer.type, 'result', answer.message);
  assert.equal(answer.result.engine, 'threads');
});
