// The built page (dist/) end to end in headless Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './browser.js';
import { isolationHeaders, serveStatic } from './static-server.js';

let browser;
let isolated;
let plain;

before(async () => {
  browser = await launchChromium();
  isolated = await serveStatic('dist', { headers: isolationHeaders });
  plain = await serveStatic('dist');
});

after(async () => {
  await browser?.close();
  await isolated?.close();
  await plain?.close();
});

async function openPage(url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  return { page, problems };
}

test('k = 2: the sweep completes, draws the set, charts k = 1..2 and uses exactly 2 workers', { timeout: 120_000 }, async () => {
  const { page, problems } = await openPage(isolated.url);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  await page.fill('#workers', '2');
  await page.click('#run');
  await page.waitForSelector('#distinct-workers', { timeout: 100_000 });
  assert.equal(await page.textContent('#distinct-workers'), '2');
  assert.equal(await page.locator('#speedup-chart svg g[aria-label="dot"] circle').count(), 2);
  assert.equal(await page.locator('#sweep-table tbody tr').count(), 2);

  const pixels = await page.evaluate(() => {
    const canvas = document.getElementById('image');
    const context = canvas.getContext('2d');
    const at = (x, y) => [...context.getImageData(x, y, 1, 1).data];
    return { size: [canvas.width, canvas.height], centre: at(canvas.width / 2, canvas.height / 2), corner: at(0, 0) };
  });
  assert.deepEqual(pixels.size, [1024, 1024]);
  // The centre of the view (c = -0.75) lies inside the set: black. The corner escapes at once: coloured.
  assert.deepEqual(pixels.centre, [0, 0, 0, 255]);
  assert.notDeepEqual(pixels.corner.slice(0, 3), [0, 0, 0]);

  const speedup = Number(await page.textContent('#speedup-at-k'));
  console.log(`# measured speedup at k = 2 (1024², 1000 iterations): ${speedup}`);
  assert.ok(speedup > 0, 'speedup is a measured positive number');
  assert.deepEqual(problems, []);
});

test('served without isolation headers, the page explains why threads are off and how to fix it', async () => {
  const { page, problems } = await openPage(plain.url);
  const message = page.locator('#isolation-problem');
  await message.waitFor({ state: 'visible' });
  assert.match(await message.textContent(), /not cross-origin isolated.*Cross-Origin-Embedder-Policy/s);
  assert.equal(await page.isDisabled('#run'), true);
  assert.deepEqual(problems, []);
});

test('a worker count out of range gets a message, not a run', async () => {
  const { page, problems } = await openPage(isolated.url);
  await page.fill('#workers', '0');
  await page.click('#run');
  const error = page.locator('#error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /Workers must be a whole number from 1 to \d+/);
  assert.deepEqual(problems, []);
});
