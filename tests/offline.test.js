// Offline after the first visit: the built page's service worker keeps every
// file in a cache named after the build's version. A first visit stays light:
// before its first Run it fetches only the shell (at most 150 kB gzip, counted
// from the network), and the worker keeps the rest once a sweep has run. With the network off (and the
// server gone) the page reloads from the cache, still cross-origin isolated,
// and runs sweeps on both engines with the checksums it computed online, and a
// lesson's step runs. A new deployment's worker fills a cache of its own and,
// once the old page is gone, deletes the old one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './browser.js';
import { gzippedBytes, recordFetchedPaths } from './fetched-bytes.js';
import { isolationHeaders, serveStatic } from './static-server.js';
import { stampBuiltSite } from '../web/offline-manifest.js';

let browser;
let copies = [];

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const folder of copies) await rm(folder, { recursive: true, force: true });
});

/** The version and file list the build stamped into `folder`'s service worker. */
async function stampedManifest(folder) {
  const worker = await readFile(join(folder, 'isolation-sw.js'), 'utf8');
  return {
    version: JSON.parse(worker.match(/const VERSION = (".*?");/)[1]),
    files: JSON.parse(worker.match(/const PRECACHE = (\[.*?\]);/)[1]),
    shell: JSON.parse(worker.match(/const SHELL = (\[.*?\]);/)[1]),
  };
}

/** Opens `url` in `context` and waits until the service worker controls the page (its install filled the cache first). */
async function visit(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  await page.waitForFunction(() => window.parlab && navigator.serviceWorker.controller, null, { timeout: 30_000 });
  return { page, problems };
}

const cacheContents = (page) => page.evaluate(async () => Object.fromEntries(await Promise.all((await caches.keys())
  .map(async (name) => [name, (await (await caches.open(name)).keys()).length]))));

const toastsSweep = (page, engine) => page.evaluate((engine) => window.parlab.sweep({
  experiment: 'toasts', params: { toasts: 20, toast_work: 50 }, workers: '1,2', repetitions: 1, engine,
}).then((record) => record.runs.map((r) => r.checksum)), engine);

test('a first visit fetches only the shell, at most 150 kB gzip, and no wasm or chart before Run', { timeout: 120_000 }, async () => {
  const server = await serveStatic('dist', { headers: isolationHeaders });
  const { files, shell } = await stampedManifest('dist');
  const context = await browser.newContext();
  try {
    const fetched = recordFetchedPaths(context);
    const { page, problems } = await visit(context, server.url);
    await page.waitForTimeout(1_500);
    const bytes = await gzippedBytes('dist', fetched);
    console.log(`# first visit: ${new Set(fetched).size} files fetched, ${(bytes / 1024).toFixed(1)} kB gzip (of ${files.length} the site keeps)`);
    assert.ok(bytes <= 150 * 1024, `${bytes} bytes gzip`);
    assert.deepEqual(fetched.filter((path) => /\.wasm$|chart-views|twins\//.test(path)), [], 'nothing of a run is fetched before Run');
    assert.ok(shell.every((path) => path === './' || files.includes(path)) && shell.length < files.length / 3, shell.join(', '));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('after one visit and one sweep the page, both wasm builds, its settings in the URL and the lessons work with the network off', { timeout: 120_000 }, async () => {
  const server = await serveStatic('dist', { headers: isolationHeaders });
  const { version, files, shell } = await stampedManifest('dist');
  assert.ok(files.includes('pkg/parlab_bg.wasm') && files.includes('pkg-single/parlab_single_bg.wasm') && files.includes('./'), files.join(', '));
  const context = await browser.newContext();
  try {
    const { page, problems } = await visit(context, server.url);
    assert.deepEqual(await cacheContents(page), { [`parlab-${version}`]: shell.length }, 'the worker installs with the shell alone');
    const online = { threads: await toastsSweep(page, 'threads'), processes: await toastsSweep(page, 'processes') };
    assert.equal(new Set([...online.threads, ...online.processes]).size, 1, 'one checksum for every run on both engines');
    // After the first sweep, in idle time, the worker keeps the rest of the site.
    await page.waitForFunction(async ([name, count]) => (await (await caches.open(name)).keys()).length === count, [`parlab-${version}`, files.length], { timeout: 30_000, polling: 200 });

    await context.setOffline(true);
    await server.close();
    await page.goto(`${server.url}?experiment=mandelbrot&workers=1,2`);
    await page.waitForFunction(() => window.parlab);
    // The cached answers carry the isolation headers: threads still run.
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    assert.equal(await page.inputValue('#workers'), '1,2');
    assert.match(await page.textContent('#experiment-title'), /^Mandelbrot/);
    assert.deepEqual(await toastsSweep(page, 'threads'), online.threads);
    assert.deepEqual(await toastsSweep(page, 'processes'), online.processes);
    // The lessons are part of the cached page: a step opens and runs offline.
    await page.goto(`${server.url}?lesson=1&step=3`);
    await page.waitForSelector('.lesson-step h2');
    assert.equal(await page.textContent('.lesson-step h2'), 'Breakfast, one thing at a time');
    await page.fill('.prediction input', '9');
    await page.click('.lesson-lab button[type=submit]');
    await page.waitForSelector('.verdict');
    assert.match(await page.textContent('.verdict'), /You predicted 9\.0/);
    // What must come from the server is not answered from the cache.
    assert.equal(await page.evaluate(() => fetch('ping.txt', { cache: 'no-store' }).then(() => 'answered', () => 'failed')), 'failed');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a new deployment installs beside the old one and, once no page uses the old one, replaces its cache', { timeout: 120_000 }, async () => {
  const site = await mkdtemp(join(tmpdir(), 'parlab-deployment-'));
  copies.push(site);
  await cp('dist', site, { recursive: true });
  const server = await serveStatic(site, { headers: isolationHeaders });
  const context = await browser.newContext();
  try {
    const first = await stampedManifest(site);
    const { page } = await visit(context, server.url);
    assert.deepEqual(Object.keys(await cacheContents(page)), [`parlab-${first.version}`]);

    // The next deployment: a changed page, and its worker stamped as the build stamps it.
    const index = join(site, 'index.html');
    await writeFile(index, (await readFile(index, 'utf8')).replace('<head>', '<head>\n  <meta name="parlab-deployment" content="2">'));
    await cp('web/public/isolation-sw.js', join(site, 'isolation-sw.js'));
    const second = await stampBuiltSite(site);
    assert.notEqual(second.version, first.version);

    // The browser finds the new worker; it fills its own cache and waits while the old page is open.
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration.update();
      while (!registration.waiting) await new Promise((resolve) => setTimeout(resolve, 50));
    });
    assert.deepEqual(Object.keys(await cacheContents(page)).sort(), [`parlab-${first.version}`, `parlab-${second.version}`].sort());
    assert.equal(await page.evaluate(() => document.querySelector('meta[name="parlab-deployment"]')), null);

    await page.close();
    const { page: next } = await visit(context, server.url);
    // The new worker takes over and deletes the old cache: wait for exactly its own (the test's timeout bounds the wait).
    await next.evaluate(async (name) => {
      for (let names = await caches.keys(); names.length !== 1 || names[0] !== name; names = await caches.keys()) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }, `parlab-${second.version}`);
    await next.reload();
    await next.waitForFunction(() => window.parlab);
    assert.equal(await next.getAttribute('meta[name="parlab-deployment"]', 'content'), '2');
  } finally {
    await context.close();
    await server.close();
  }
});
