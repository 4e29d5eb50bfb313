// parlab embedded and linked the way instructors use it: inside an iframe of
// a page that is not isolated, driven through postMessage, restored from URLs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './browser.js';
import { isolationHeaders, serveStatic } from './static-server.js';
import { experiments } from '../web/src/experiments/index.js';

let browser;
let isolated;
let plain;
let parent;

before(async () => {
  browser = await launchChromium();
  isolated = await serveStatic('dist', { headers: isolationHeaders });
  plain = await serveStatic('dist');
  parent = await serveStatic('tests/fixtures');
});

after(async () => {
  await browser?.close();
  for (const server of [isolated, plain, parent]) await server?.close();
});

const SMALL_SWEEP = { experiment: 'mandelbrot', params: { size: 256, max_iter: 300 }, workers: '1,2', repetitions: 1 };

async function parentWithLab(labUrl) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${parent.url}parent.html?lab=${encodeURIComponent(`${labUrl}?embed`)}`);
  const ready = await page.evaluate(() => window.ready);
  assert.deepEqual(ready.experiments, ['toasts', 'mandelbrot', 'requests', 'fork_join', 'image_batch', 'counter', 'queue', 'pipeline', 'breakfast',
    'scan', 'aggregate', 'join', 'sample_sort', 'partitions', 'word_count']);
  assert.equal(await page.evaluate(() => crossOriginIsolated), false, 'the parent itself is not isolated');
  return { page, frame: page.frameLocator('#lab'), problems };
}

test('in an iframe of a page without isolation, Document-Isolation-Policy gives threads on 2 distinct workers', { timeout: 120_000 }, async () => {
  const { page, frame, problems } = await parentWithLab(isolated.url);
  const frameHandle = page.frames().find((f) => f.url().startsWith(isolated.url));
  assert.equal(await frameHandle.evaluate(() => crossOriginIsolated), true);
  const answer = await page.evaluate((request) => window.ask({ type: 'run', ...request, engine: 'threads' }), SMALL_SWEEP);
  assert.equal(answer.type, 'result', answer.message);
  assert.equal(answer.result.engine, 'threads');
  assert.deepEqual(answer.result.runs.map((r) => r.k), [1, 2]);
  assert.equal(await frame.locator('#distinct-workers').textContent(), '2');
  assert.ok(await page.evaluate(() => window.messages.some((m) => m.type === 'progress')), 'progress messages arrived');
  assert.deepEqual(problems, []);
});

test('the same iframe served without any isolation header runs on processes and returns the same result', { timeout: 120_000 }, async () => {
  const withThreads = await parentWithLab(isolated.url);
  const threads = await withThreads.page.evaluate((request) => window.ask({ type: 'run', ...request }), SMALL_SWEEP);
  const { page, frame, problems } = await parentWithLab(plain.url);
  assert.match(await frame.locator('#isolation-note').textContent(), /not cross-origin isolated/);
  const processes = await page.evaluate((request) => window.ask({ type: 'run', ...request }), SMALL_SWEEP);
  assert.equal(processes.type, 'result', processes.message);
  assert.equal(processes.result.engine, 'processes');
  assert.equal(threads.result.engine, 'threads');
  assert.deepEqual(new Set(processes.result.runs.map((r) => r.checksum)), new Set(threads.result.runs.map((r) => r.checksum)));
  const refused = await page.evaluate(() => window.ask({ type: 'run', experiment: 'toasts', engine: 'threads' }));
  assert.equal(refused.type, 'error');
  assert.match(refused.message, /cross-origin isolated/);
  assert.deepEqual(problems, []);
});

test('messages of unexpected shapes are ignored and the page keeps answering', async () => {
  const { page, problems } = await parentWithLab(isolated.url);
  await page.evaluate(() => {
    const frame = document.getElementById('lab').contentWindow;
    for (const junk of [null, 'run', { type: 'run' }, { parlab: 1, type: 'explode' }, { parlab: 1, type: 'run', params: 5 }]) frame.postMessage(junk, '*');
  });
  const answer = await page.evaluate(() => window.ask({ type: 'run', experiment: 'nope' }));
  assert.equal(answer.type, 'error');
  assert.match(answer.message, /no experiment called "nope"/);
  assert.equal((await page.evaluate(() => window.messages.filter((m) => m.type === 'result'))).length, 0);
  assert.deepEqual(problems, []);
});

test('an embed URL restores its state and fits 960×540 without scrollbars', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
  await page.goto(`${isolated.url}?experiment=mandelbrot&size=256&schedule=static_blocks&max_iter=300&workers=1,2&reps=2&mode=scaleup&embed&autorun`);
  assert.equal(await page.inputValue('#param-size'), '256');
  assert.equal(await page.inputValue('#param-schedule'), 'static_blocks');
  assert.equal(await page.inputValue('#workers'), '1,2');
  assert.equal(await page.inputValue('#repetitions'), '2');
  assert.equal(await page.inputValue('#mode'), 'scaleup');
  await page.waitForSelector('#distinct-workers', { timeout: 60_000 });
  const fits = () => page.evaluate(() => ({
    vertical: document.documentElement.scrollHeight <= innerHeight,
    horizontal: document.documentElement.scrollWidth <= innerWidth,
  }));
  assert.deepEqual(await fits(), { vertical: true, horizontal: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForTimeout(200);
  assert.deepEqual(await fits(), { vertical: true, horizontal: true });
});

test('nonsense URL parameters give a visible note and a working page', { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${isolated.url}?experiment=teleport&workers=-4&toasts=99999999&reps=abc&engine=warp`);
  const note = await page.textContent('#note');
  for (const expected of [/no experiment "teleport"/, /"-4" is not a worker count/, /Toasts must be a whole number/, /Repetitions/, /engine must be one of/]) {
    assert.match(note, expected);
  }
  assert.equal(await page.inputValue('#param-toasts'), '100000', 'clamped to the maximum');
  await page.fill('#param-toasts', '40');
  await page.fill('#workers', '1,2');
  await page.click('#run');
  await page.waitForSelector('#distinct-workers', { timeout: 60_000 });
  assert.deepEqual(problems, []);
});

test('"set" changes only what it names, and a second run while one is going is refused without harming it', { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`${parent.url}parent.html?lab=${encodeURIComponent(`${isolated.url}?experiment=mandelbrot&workers=1,2&reps=2&mode=scaleup`)}`);
  await page.evaluate(() => window.ready);
  const frame = page.frameLocator('#lab');
  await page.evaluate(() => document.getElementById('lab').contentWindow.postMessage({ parlab: 1, type: 'set', params: { size: 300 } }, '*'));
  await frame.locator('#param-size').evaluate((input) => new Promise((resolve) => {
    const check = () => (input.value === '300' ? resolve() : setTimeout(check, 20));
    check();
  }));
  assert.equal(await frame.locator('#workers').inputValue(), '1,2');
  assert.equal(await frame.locator('#repetitions').inputValue(), '2');
  assert.equal(await frame.locator('#mode').inputValue(), 'scaleup');

  const long = { type: 'run', experiment: 'requests', params: { requests: 20, wait_ms: 50 }, workers: '1,2', repetitions: 2 };
  const first = page.evaluate((request) => window.ask(request), long);
  await frame.locator('#cancel:not([disabled])').waitFor();
  const second = await page.evaluate(() => window.ask({ type: 'run', experiment: 'toasts', workers: '1,2' }));
  assert.equal(second.type, 'error');
  assert.match(second.message, /already running/);
  assert.equal(await frame.locator('#cancel').isDisabled(), false, 'the first sweep can still be cancelled');
  const answer = await first;
  assert.equal(answer.type, 'result', answer.message);
  assert.equal(answer.result.runs.length, 4);
});

test('every embed view fits 960×540 and 1280×720 without scrollbars, and shows just the panels it names', { timeout: 240_000 }, async () => {
  const views = ['speedup', 'timeline', 'table', 'picture', 'speedup,timeline', 'speedup,table', 'timeline,picture', 'speedup,timeline,table,picture'];
  const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  for (const view of views) {
    await page.setViewportSize({ width: 960, height: 540 });
    await page.goto(`${isolated.url}?experiment=mandelbrot&size=256&max_iter=300&schedule=static_blocks&workers=1,2&reps=1&embed&locked&autorun&view=${view}`);
    await page.waitForSelector('#distinct-workers', { timeout: 60_000 });
    await page.waitForTimeout(150);
    const wanted = view.split(',').map((name) => (name === 'speedup' ? 'chart' : name));
    for (const size of [{ width: 960, height: 540 }, { width: 1280, height: 720 }]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      const layout = await page.evaluate(() => ({
        vertical: document.documentElement.scrollHeight <= innerHeight,
        horizontal: document.documentElement.scrollWidth <= innerWidth,
        shown: [...document.querySelectorAll('#results [data-panel]')].filter((el) => el.getClientRects().length > 0).map((el) => el.dataset.panel),
        drawn: {
          chart: document.querySelectorAll('#main-chart svg g[aria-label="dot"] circle').length,
          timeline: document.querySelectorAll('#timeline svg g[aria-label="bar"] rect').length,
          table: document.querySelectorAll('#sweep-table tbody tr').length,
        },
      }));
      const where = `view=${view} at ${size.width}×${size.height}`;
      assert.deepEqual({ vertical: layout.vertical, horizontal: layout.horizontal }, { vertical: true, horizontal: true }, where);
      assert.deepEqual(layout.shown.sort(), [...wanted].sort(), where);
      if (wanted.includes('chart')) assert.equal(layout.drawn.chart, 2, where);
      if (wanted.includes('timeline')) assert.ok(layout.drawn.timeline >= 2, where);
      if (wanted.includes('table')) assert.equal(layout.drawn.table, 2, where);
    }
  }
  assert.deepEqual(problems, []);
});

// Each experiment at a size that sweeps k = 1, 2 in a second or two.
const QUICK_PARAMS = {
  toasts: 'toasts=40', mandelbrot: 'size=128&max_iter=200', requests: 'requests=8&wait_ms=5', fork_join: 'elements=100000',
  image_batch: 'images=8&side=128&thumb_side=32', counter: 'increments=200000', queue: 'jobs=20&job_work=30', pipeline: 'items=20',
  breakfast: 'minute_ms=2', scan: 'rows=100000', aggregate: 'rows=200000', join: 'orders=100000&customers=10000',
  sample_sort: 'elements=100000', partitions: 'rows=50000', word_count: 'words=100000',
};

test('every view of every experiment, embedded without "locked", fits 960×540 and 1280×720 and is never blank', { timeout: 420_000 }, async () => {
  const views = ['speedup', 'stack', 'timeline', 'table', 'picture', 'speedup,stack', 'speedup,timeline,table', 'speedup,stack,timeline,table,picture'];
  const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  assert.deepEqual(Object.keys(QUICK_PARAMS).sort(), experiments.map((e) => e.id).sort(), 'every experiment is covered');
  for (const [experiment, params] of Object.entries(QUICK_PARAMS)) {
    await page.setViewportSize({ width: 960, height: 540 });
    await page.goto(`${isolated.url}?experiment=${experiment}&${params}&workers=1,2&reps=1&embed&autorun&view=speedup`);
    await page.waitForSelector('#distinct-workers', { timeout: 60_000 });
    const hasPicture = await page.locator('#image-figure').evaluate((figure) => !figure.hidden);
    for (const view of views) {
      await page.evaluate((view) => window.postMessage({ parlab: 1, type: 'set', view }, '*'), view);
      const named = view.split(',').map((name) => (name === 'speedup' ? 'chart' : name)).filter((panel) => hasPicture || panel !== 'picture');
      const wanted = named.length > 0 ? named : ['chart'];
      for (const size of [{ width: 960, height: 540 }, { width: 1280, height: 720 }]) {
        await page.setViewportSize(size);
        await page.waitForFunction((wanted) => document.body.dataset.panels === wanted, wanted.join(' '));
        await page.waitForTimeout(200);
        const layout = await page.evaluate(() => ({
          overflow: [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight],
          shown: [...document.querySelectorAll('#results [data-panel]')].filter((el) => el.getClientRects().length > 0)
            .map((el) => ({ panel: el.dataset.panel, drawn: el.querySelector('svg, canvas, tbody tr') !== null, height: Math.round(el.getBoundingClientRect().height) })),
        }));
        const where = `${experiment}, view=${view} at ${size.width}×${size.height}`;
        assert.deepEqual(layout.overflow, [0, 0], `${where}: nothing scrolls`);
        assert.deepEqual(layout.shown.map((p) => p.panel).sort(), [...wanted].sort(), where);
        for (const { panel, drawn, height } of layout.shown) assert.ok(drawn && height >= 60, `${where}: ${panel} is drawn (${height} px high)`);
      }
    }
  }
  // The summary shows its first lines; its button unfolds the rest.
  const summary = page.locator('#run-summary');
  const cut = () => summary.evaluate((p) => p.scrollHeight > p.clientHeight);
  assert.equal(await cut(), true, 'a long summary is folded in a slide');
  await page.click('#run-summary-more');
  assert.equal(await cut(), false);
  assert.equal(await page.getAttribute('#run-summary-more', 'aria-expanded'), 'true');
  assert.deepEqual(problems, []);
  await page.close();
});

test('"set" with a view changes the panels of an embedded page', { timeout: 120_000 }, async () => {
  const { page, frame } = await parentWithLab(isolated.url);
  await page.evaluate(() => document.getElementById('lab').contentWindow.postMessage({ parlab: 1, type: 'set', view: ['timeline', 'table'] }, '*'));
  await frame.locator('body[data-panels="timeline table"]').waitFor();
  const answer = await page.evaluate((request) => window.ask({ type: 'run', ...request }), SMALL_SWEEP);
  assert.equal(answer.type, 'result', answer.message);
  assert.equal(await frame.locator('#timeline svg').isVisible(), true);
  assert.equal(await frame.locator('#main-chart').isVisible(), false);
});
