import { chromium } from 'playwright-core';
import { serveStatic, isolationHeaders } from '/work/main/tests/static-server.js';
const server = await serveStatic('/work/main/dist', { headers: isolationHeaders });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(server.url);
await page.waitForFunction(() => window.parlab);
const cases = JSON.parse(process.argv[2]);
for (const [i, c] of cases.entries()) {
  const record = await page.evaluate((c) => window.parlab.sweep(c), c).catch((e) => ({ error: e.message }));
  if (record.error) { console.log('ERROR', record.error); continue; }
  console.log(JSON.stringify({ exp: c.experiment, quiet: record.quiet, machine: record.machine, bars: record.stack?.bars.map((b) => ({ k: b.k, S: +b.speedup.toFixed(2), parts: Object.fromEntries(Object.entries(b.parts).map(([a, v]) => [a, +v.toFixed(3)])) })), baseline: record.stack?.baseline }));
  for (const id of ['machine-note', 'chart-caption', 'run-summary', 'stack-caption']) console.log(id + ':', (await page.textContent('#' + id)).trim());
  await page.locator('#results').screenshot({ path: `/tmp/x/shot-${process.argv[3] ?? ''}${i}.png` });
}
await browser.close(); server.close();
