import { chromium } from 'playwright-core';
import { serveStatic, isolationHeaders } from '/work/main/tests/static-server.js';
import { experiments } from '/work/main/web/src/experiments/index.js';
const server = await serveStatic('/work/main/dist', { headers: isolationHeaders });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(server.url);
await page.waitForFunction(() => window.parlab);
const only = process.argv[2];
for (const e of experiments) {
  if (only && !only.split(',').includes(e.id)) continue;
  await page.goto(`${server.url}?experiment=${e.id}`);
  await page.waitForFunction(() => window.parlab);
  await page.click('#run');
  await page.waitForFunction(() => !document.getElementById('run').disabled && document.getElementById('results') && !document.getElementById('results').hidden, null, { timeout: 300_000 }).catch(() => {});
  const err = await page.textContent('#error');
  console.log(`\n=== ${e.id} ${err ? 'ERROR ' + err : ''}`);
  for (const id of ['machine-note', 'chart-caption', 'run-summary']) console.log(id + ':', (await page.textContent('#' + id)).trim());
  await page.locator('#results').screenshot({ path: `/tmp/x/default-${e.id}.png` });
}
await browser.close(); server.close();
