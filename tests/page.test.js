// The built page (dist/) end to end in headless Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchChromium } from './browser.js';
import { isolationHeaders, serveStatic } from './static-server.js';
import { chartPoints, sweep, timelineLanes } from './built-site.js';
import { IDLE_RENEW_MS } from '../web/src/engine/engine.js';

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
  const page = await browser.newPage({ acceptDownloads: true });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  return { page, problems };
}


test('Mandelbrot at k = 1, 2: the sweep completes, draws the set, charts both k and uses exactly 2 workers', { timeout: 180_000 }, async () => {
  const { page, problems } = await openPage(isolated.url);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  await sweep(page, 'mandelbrot', '2');
  assert.equal(await page.textContent('#distinct-workers'), '2');
  assert.equal(await chartPoints(page), 2);
  assert.equal(await page.locator('#sweep-table tbody tr').count(), 2);
  // The two workers and the coordinator's merge.
  assert.equal(await timelineLanes(page), 3);

  const pixels = await page.evaluate(() => {
    const canvas = document.getElementById('image');
    const context = canvas.getContext('2d');
    const at = (x, y) => [...context.getImageData(x, y, 1, 1).data];
    return { size: [canvas.width, canvas.height], inside: at(706, 406), corner: at(0, 0) };
  });
  assert.deepEqual(pixels.size, [1024, 1024]);
  // Pixel (706, 406) is c ≈ -0.2 + 0i, inside the set: black. The corner escapes at once: coloured.
  assert.deepEqual(pixels.inside, [0, 0, 0, 255]);
  assert.notDeepEqual(pixels.corner.slice(0, 3), [0, 0, 0]);

  const speedup = Number(await page.textContent('#speedup-at-k'));
  console.log(`# Mandelbrot 1024², 1000 iterations, dynamic rows: speedup at k = 2 measured ${speedup}`);
  assert.ok(speedup > 0);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csv = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  assert.equal(csv.length, 1 + 2 * 3, 'a header and every repetition of both k');
  assert.deepEqual(csv.slice(1).map((line) => line.split(',')[0]), Array(6).fill('mandelbrot'));
  assert.deepEqual(problems, []);
});

test('waiting requests at k = 1, 8: the sweep completes on eight lanes, one per worker', { timeout: 180_000 }, async () => {
  const { page, problems } = await openPage(isolated.url);
  await sweep(page, 'requests', '1,8', { requests: 40, wait_ms: 20 });
  assert.equal(await chartPoints(page), 2);
  // The eight workers and the coordinator's merge.
  assert.equal(await timelineLanes(page), 9);
  assert.equal(await page.textContent('#distinct-workers'), '8');
  console.log(`# 40 requests of 20 ms: speedup at k = 8 measured ${await page.textContent('#speedup-at-k')}`);
  assert.deepEqual(problems, []);
});

test('helpers load their two scripts from the server once per engine, not once per helper', { timeout: 60_000 }, async () => {
  const { page, problems } = await openPage(isolated.url);
  // Requests from workers, nested ones too, are the page's requests.
  const fetched = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  const record = await page.evaluate(() => window.parlab.sweep({ experiment: 'requests', params: { requests: 8, wait_ms: 0, request_work: 0 }, workers: [8], repetitions: 1 }));
  assert.ok(record.runs.some((run) => run.k === 8) && record.runs.every((run) => run.checksum === record.runs[0].checksum), JSON.stringify(record.runs));
  assert.deepEqual(await page.evaluate(() => window.parlab.liveWorkers()), { total: 9, byEngine: { threads: 9, processes: 0 } });
  // The coordinator imports both, and fetches both once for the helpers' copies in memory.
  for (const script of [/\/pkg\/parlab\.js$/, /\/helpers\.js$/]) {
    assert.equal(fetched.filter((path) => script.test(path)).length, 2, `${script}: ${fetched.join(' ')}`);
  }
  assert.deepEqual(problems, []);
});

test('the helpers of a big-k sweep serve the next sweep; idle engines are renewed with one helper per core and compute as before', { timeout: 150_000 }, async () => {
  const { page, problems } = await openPage(isolated.url);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  // page.workers() counts every dedicated worker, nested ones too: the engines' coordinators, helpers and processes.
  const settlesAtMost = async (count, what, withinMs) => {
    for (let waited = 0; page.workers().length > count; waited += 250) {
      assert.ok(waited < withinMs, `${what}: ${page.workers().length} workers still alive, expected at most ${count}`);
      await page.waitForTimeout(250);
    }
  };
  const big = { experiment: 'requests', params: { requests: 64, wait_ms: 2, request_work: 0 }, workers: [1, 64], repetitions: 1 };
  const checksumOf = {};
  for (const engine of ['threads', 'processes']) {
    for (const round of [1, 2]) {
      const what = `${engine}, round ${round}`;
      let done = false;
      let most = 0;
      const sweep = page.evaluate((o) => window.parlab.sweep(o), { ...big, engine }).finally(() => { done = true; });
      while (!done) {
        most = Math.max(most, page.workers().length);
        await page.waitForTimeout(20);
      }
      const record = await sweep;
      assert.equal(new Set(record.runs.map((r) => r.checksum)).size, 1, `${what}: same result at k = 1 and 64`);
      checksumOf[engine] = record.runs[0].checksum;
      assert.ok(most >= 64, `${what}: ${most} workers at most during the sweep`);
      // The first round starts all but the warm helpers; the second, right after, finds all 64 still running,
      // and counts the start-up measured when they started.
      assert.equal(record.warmHelpersByK[64], round === 1 ? cores : 64, `${what}: helpers already running before k = 64`);
      assert.ok(record.startupMsByK[64] > 0, `${what}: a start-up of ${record.startupMsByK[64]} ms`);
    }
  }
  // Idle, each engine is renewed with only its warm helpers: a coordinator and one worker per core each.
  await settlesAtMost(2 * (cores + 1), 'idle', IDLE_RENEW_MS + 10_000);
  // The fresh engines compute what the old ones did, on the helpers they started warm.
  for (const engine of ['threads', 'processes']) {
    const record = await page.evaluate((o) => window.parlab.sweep(o), { ...big, workers: [cores], engine });
    assert.equal(record.warmHelpersByK[cores], cores, `${engine} after renewal: helpers already running`);
    assert.equal(new Set(record.runs.map((r) => r.checksum)).size, 1, `${engine} after renewal: one result`);
    assert.equal(record.runs[0].checksum, checksumOf[engine], `${engine} after renewal: the same result as before`);
  }
  assert.deepEqual(problems, []);
});

test('Cancel during a long sweep gives the page back within a second', { timeout: 60_000 }, async () => {
  const { page, problems } = await openPage(isolated.url);
  await page.click('#experiment-list button[data-id="requests"]');
  await page.fill('#param-requests', '2000');
  await page.fill('#workers', '1,2');
  await page.click('#run');
  await page.waitForFunction(() => /repetition|warm-up/.test(document.getElementById('status').textContent));
  await page.waitForTimeout(500);
  const started = Date.now();
  await page.click('#cancel');
  await page.waitForFunction(() => !document.getElementById('run').disabled, null, { timeout: 5_000 });
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 1000, `cancel took ${elapsed} ms`);
  assert.match(await page.textContent('#status'), /Cancelled/);
  // The page is usable again: a short sweep runs to the end.
  await sweep(page, 'toasts', '1,2', { toasts: 50 });
  assert.equal(await chartPoints(page), 2);
  assert.deepEqual(problems, []);
});

test('served without isolation headers, the page says so and runs on processes with the threads engine\'s results', { timeout: 120_000 }, async () => {
  const { page, problems } = await openPage(plain.url);
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  const note = page.locator('#isolation-note');
  await note.waitFor({ state: 'visible' });
  assert.match(await note.textContent(), /not cross-origin isolated.*processes engine/s);
  assert.equal(await page.getAttribute('#open-full-lab', 'target'), '_blank');
  assert.equal(await page.isDisabled('#engine option[value="threads"]'), true);

  await sweep(page, 'mandelbrot', '1,2', { size: 256, max_iter: 200 });
  assert.match(await page.textContent('#results-title'), /· processes/);
  assert.equal(await page.textContent('#distinct-workers'), '2');
  assert.equal(await chartPoints(page), 2);
  // Every worker lane plus the coordinator's merge lane.
  assert.equal(await timelineLanes(page), 3);

  const isolatedPage = (await openPage(isolated.url)).page;
  for (const experiment of ['mandelbrot', 'toasts', 'requests', 'fork_join', 'breakfast']) {
    const options = { experiment, workers: '1,2', repetitions: 1, params: { toasts: { toasts: 40 }, requests: { requests: 10, wait_ms: 5 }, fork_join: { elements: 100000 }, mandelbrot: { size: 128 }, breakfast: { way: 'parallel', minute_ms: 2, tasks: 'coffee 5 machine; toast1 2 machine; toast2 2 machine after toast1; juice 1 hands' } }[experiment] };
    const processes = await page.evaluate((o) => window.parlab.sweep(o), options);
    const threads = await isolatedPage.evaluate((o) => window.parlab.sweep({ ...o, engine: 'threads' }), options);
    assert.equal(processes.engine, 'processes');
    assert.equal(threads.engine, 'threads');
    const checksums = new Set([...processes.runs, ...threads.runs].map((r) => r.checksum));
    assert.equal(checksums.size, 1, `${experiment}: both engines and every k computed the same result`);
  }
  await assert.rejects(page.evaluate(() => window.parlab.sweep({ experiment: 'toasts', engine: 'threads' })), /needs shared memory, which a browser offers only to a cross-origin isolated page/);
  assert.deepEqual(problems, []);
});

test('bad input gets a message, not a run', async () => {
  const { page, problems } = await openPage(isolated.url);
  await page.fill('#workers', '0');
  await page.click('#run');
  const error = page.locator('#error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /"0" is not a worker count from 1 to \d+/);
  await page.fill('#workers', '1,2');
  await page.fill('#param-toasts', '-5');
  await page.click('#run');
  await page.waitForFunction(() => /Toasts must be/.test(document.getElementById('error').textContent));
  assert.deepEqual(problems, []);
});

test('on a log axis the ideal line passes through (k, k) at every measured k, and points beyond the cores are hollow', { timeout: 120_000 }, async () => {
  const { page, problems } = await openPage(isolated.url);
  await sweep(page, 'requests', '1,2,4,8,16,40', { requests: 40, wait_ms: 10, request_work: 1 });
  const drawn = await page.evaluate(() => {
    const chart = document.querySelector('#main-chart svg');
    const [x, y] = [chart.scale('x'), chart.scale('y')];
    const path = chart.querySelector('g.ideal path');
    // The ideal line's height where it crosses the vertical through each measured k.
    const heightAt = (k) => {
      const target = x.apply(k);
      let [low, high] = [0, path.getTotalLength()];
      for (let i = 0; i < 40; i++) {
        const middle = (low + high) / 2;
        if (path.getPointAtLength(middle).x < target) low = middle; else high = middle;
      }
      return y.invert(path.getPointAtLength(low).y);
    };
    return {
      type: x.type,
      ideal: [1, 2, 4, 8, 16, 40].map((k) => [k, heightAt(k)]),
      hollow: chart.querySelectorAll('g.unfitted-points circle').length,
      coresMarker: chart.querySelectorAll('g.cores line').length,
    };
  });
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.equal(drawn.type, 'log');
  for (const [k, height] of drawn.ideal) {
    assert.ok(Math.abs(height - k) / k < 0.03, `ideal line at k = ${k} is drawn at ${height.toFixed(2)}`);
  }
  assert.equal(drawn.hollow, [1, 2, 4, 8, 16, 40].filter((k) => k > cores).length);
  assert.equal(drawn.coresMarker, cores < 40 ? 1 : 0);
  assert.match(await page.textContent('#cores-summary'), new RegExp(`${cores} cores`));
  assert.deepEqual(problems, []);
});

test('on a phone (390×844) a sweep runs, nothing is wider than the screen, and every figure of the table is readable', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(isolated.url);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(await overflow(), 0, 'before the sweep');
  await sweep(page, 'mandelbrot', '1,2', { size: 256, max_iter: 300 });
  assert.equal(await chartPoints(page), 2);
  assert.equal(await timelineLanes(page), 3);
  assert.equal(await overflow(), 0, 'with results, chart and timeline');
  for (const id of ['main-chart', 'timeline', 'controls']) {
    const box = await page.locator(`#${id}`).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `#${id} spans ${box.x}–${box.x + box.width}`);
  }
  // Every figure of the results table is on the screen, next to its column's name: nothing hides in a scroll.
  const cells = await page.$$eval('#sweep-table td', (tds) => tds.map((td) => ({
    column: td.dataset.column, right: td.getBoundingClientRect().right, cut: td.scrollWidth > td.clientWidth,
    named: getComputedStyle(td, '::before').content.includes(td.dataset.column),
  })));
  const columns = await page.$$eval('#sweep-table th', (ths) => ths.map((th) => th.textContent));
  assert.equal(cells.length, 2 * columns.length);
  for (const cell of cells) assert.ok(cell.right <= 390 && !cell.cut && cell.named, `the ${cell.column} cell: ${JSON.stringify(cell)}`);
  assert.deepEqual(problems, []);
});
