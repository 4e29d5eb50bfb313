// The crash path end to end on the built page, on both engines: a worker that
// panics (injected with the test-only `faultInjection` option) or that cannot
// be started (a file missing from the server) ends the sweep with a message on
// the page, from window.parlab and over postMessage; the next sweep works and
// no Web Worker is left behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './browser.js';
import { isolationHeaders, serveStatic } from './static-server.js';

const PANIC = 'fault injected for testing: a worker panicked';
const SWEEP = { experiment: 'toasts', params: { toasts: 60, toast_work: 5 }, workers: [1, 3], repetitions: 1 };

let browser;
let isolated;
let parent;

before(async () => {
  browser = await launchChromium();
  isolated = await serveStatic('dist', { headers: isolationHeaders });
  parent = await serveStatic('tests/fixtures');
});

after(async () => {
  await browser?.close();
  for (const server of [isolated, parent]) await server?.close();
});

async function openPage(url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  await page.waitForFunction(() => window.parlab);
  return { page, problems };
}

const sweep = (page, options) => page.evaluate((o) => window.parlab.sweep(o), options);
const checksums = (record) => record.runs.map((r) => `${r.k}:${r.checksum}`).sort();
const liveWorkers = (page) => page.evaluate(() => window.parlab.liveWorkers());

// Chromium's own count of this page's Web Workers, nested ones included (the
// helpers and process workers are started by a coordinator worker, and CDP
// lists them with the page's frame as their parent). A terminated worker stays
// listed for a second or two, so the count is read until it is at most
// `settlesAt` (or 10 s have passed).
async function workersSeenByChromium(page, settlesAt = Infinity) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const count = async () => (await cdp.send('Target.getTargets')).targetInfos
    .filter((t) => t.type === 'worker' && t.parentFrameId === frameTree.frame.id).length;
  const deadline = Date.now() + 10_000;
  let seen = await count();
  while (seen > settlesAt && Date.now() < deadline) {
    await page.waitForTimeout(250);
    seen = await count();
  }
  await cdp.detach();
  return seen;
}

for (const engine of ['threads', 'processes']) {
  test(`${engine}: a worker that panics ends the sweep with its message, and the next sweep works with no worker left over`, { timeout: 120_000 }, async () => {
    const { page, problems } = await openPage(isolated.url);
    const fresh = await sweep(page, { ...SWEEP, engine });
    const before = await liveWorkers(page);
    // The coordinator and its workers; the other engine never ran.
    assert.ok(before.byEngine[engine] >= 2, `${before.byEngine[engine]} live workers`);
    assert.equal(before.total, before.byEngine[engine]);
    const chromiumBefore = await workersSeenByChromium(page, before.total);
    assert.equal(chromiumBefore, before.total, 'Chromium counts the same workers as the engine');

    const crashed = await page.evaluate((o) => window.parlab.sweep(o).then(() => 'finished', (error) => ({ name: error.name, message: error.message, isError: error instanceof Error })), { ...SWEEP, engine, faultInjection: 'worker-panic' });
    assert.equal(crashed.isError, true);
    assert.match(crashed.message, new RegExp(PANIC));
    assert.match(await page.textContent('#error'), new RegExp(PANIC));
    assert.equal(await page.isVisible('#error'), true);
    assert.equal(await page.isDisabled('#run'), false, 'the page is usable again');

    const again = await sweep(page, { ...SWEEP, engine });
    assert.deepEqual(checksums(again), checksums(fresh), 'the sweep after the crash computes what a fresh page does');
    const afterwards = await liveWorkers(page);
    assert.ok(afterwards.total <= before.total, `${afterwards.total} live workers after the crash, ${before.total} before`);
    const chromiumAfterwards = await workersSeenByChromium(page, chromiumBefore);
    assert.ok(chromiumAfterwards <= chromiumBefore, `Chromium sees ${chromiumAfterwards} workers after the crash, ${chromiumBefore} before`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`${engine}: over postMessage, a panic answers 'error' with its message and the next run answers 'result'`, { timeout: 120_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(`${parent.url}parent.html?lab=${encodeURIComponent(`${isolated.url}?embed`)}`);
    await page.evaluate(() => window.ready);
    const crashed = await page.evaluate((request) => window.ask({ type: 'run', ...request }), { ...SWEEP, engine, faultInjection: 'worker-panic' });
    assert.equal(crashed.type, 'error');
    assert.match(crashed.message, new RegExp(PANIC));
    const answer = await page.evaluate((request) => window.ask({ type: 'run', ...request }), { ...SWEEP, engine });
    assert.equal(answer.type, 'result', answer.message);
    assert.equal(answer.result.engine, engine);
    assert.equal(new Set(answer.result.runs.map((r) => r.checksum)).size, 1, 'every k computed the same result');
    await page.close();
  });
}

test('an unknown fault injection is refused with a clear Error before anything runs', async () => {
  const { page } = await openPage(isolated.url);
  await assert.rejects(sweep(page, { ...SWEEP, faultInjection: 'worker-pnaic' }), /faultInjection must be one of: worker-panic/);
  assert.equal((await liveWorkers(page)).total, 0);
  await page.close();
});

// A host whose copy of dist/ lacks a file that a worker needs.
const missing = [
  { engine: 'threads', hide: 'pkg/', file: /parlab's compute module was not found at http:\S+\/pkg\/parlab\.js\./ },
  { engine: 'processes', hide: 'pkg-single/', file: /parlab's compute module was not found at http:\S+\/pkg-single\/parlab_single\.js\./ },
  { engine: 'processes', hide: 'process-worker.js', file: /The process worker script was not found at http:\S+\/process-worker\.js\./ },
];

for (const { engine, hide, file } of missing) {
  test(`${engine} without ${hide}: the page says which file is missing and how to get it, and keeps no worker`, { timeout: 60_000 }, async () => {
    const incomplete = await serveStatic('dist', { headers: isolationHeaders, hide: [hide] });
    try {
      const { page, problems } = await openPage(incomplete.url);
      const failed = await page.evaluate((o) => window.parlab.sweep(o).then(() => 'finished', (error) => error.message), { ...SWEEP, engine });
      assert.match(failed, file);
      assert.match(failed, /`npm run build:wasm` \(or `npm start`\) builds it; if it is hosted, the copy of dist\/ is incomplete\./);
      assert.match(await page.textContent('#error'), file);
      const live = await liveWorkers(page);
      assert.ok(live.byEngine[engine] <= 1, `${live.byEngine[engine]} workers kept by an engine that could not start`);
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await incomplete.close();
    }
  });
}
