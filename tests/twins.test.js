// The twins on the built page, served under a sub-path as a course site
// would be: a copied script prints the checksum the page measured, "Copy as
// Python" puts the form's settings on the clipboard (or shows the script when
// it cannot), the JSON export carries the program, a data experiment offers
// Dask and PySpark instead (its Dask twin printing the page's checksum when
// npm run test:engine-twins has installed Dask), and a missing template is
// named.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { launchChromium } from './browser.js';
import { isolationHeaders, serveStatic } from './static-server.js';

const SUB_PATH = 'course/parlab/';
let browser;
let server;
let site;

before(async () => {
  browser = await launchChromium();
  site = await mkdtemp(join(tmpdir(), 'parlab-site-'));
  await mkdir(join(site, 'course'));
  await symlink(resolve('dist'), join(site, 'course', 'parlab'));
  server = await serveStatic(site, { headers: isolationHeaders });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(context = browser) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(server.url + SUB_PATH);
  await page.waitForFunction(() => window.parlab);
  return { page, problems };
}

const TOASTS = { toasts: 6, toast_work: 2, toasts_per_chunk: 2, seed: 3 };

test('a twin copied from the page prints the checksum the page measured', { timeout: 120_000 }, async () => {
  const { page, problems } = await openPage();
  const record = await page.evaluate((params) => window.parlab.sweep({ experiment: 'toasts', params, workers: '1,2', repetitions: 1 }), TOASTS);
  const measured = new Set(record.runs.map((run) => run.checksum));
  assert.equal(measured.size, 1);
  const script = await page.evaluate((params) => window.parlab.program('toasts', params, 'python', { workers: '1,2', repetitions: 1 }), TOASTS);
  assert.match(script, /^PARAMS = \{"toasts": 6, "toast_work": 2, "chunk_overhead": 0, "toasts_per_chunk": 2, "seed": 3\}$/m);
  assert.doesNotMatch(script, /^from parlab_twin import/m);
  const file = join(site, 'toasts.py');
  await writeFile(file, script);
  const { stdout } = await promisify(execFile)('python3', [file], { timeout: 60_000 });
  assert.match(stdout, new RegExp(`^checksum: ${[...measured][0]} \\(the same in every run\\)$`, 'm'), stdout);
  await assert.rejects(page.evaluate(() => window.parlab.program('mandelbrot')), /has no program for a real engine yet/);
  await assert.rejects(page.evaluate(() => window.parlab.program('toasts', { toasts: 0 })), /Toasts/);
  assert.deepEqual(problems, []);
});

test('"Copy as Python" copies the form\'s settings, or shows the script and says why it could not', { timeout: 60_000 }, async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const { page, problems } = await openPage(context);
  await page.click('#experiment-list button[data-id="mandelbrot"]');
  assert.equal(await page.isVisible('#copy-python'), false);
  await page.click('#experiment-list button[data-id="counter"]');
  await page.fill('#param-increments', '12345');
  await page.selectOption('#param-strategy', 'lock');
  await page.fill('#workers', '1,2,3');
  await page.click('#copy-python');
  await page.waitForFunction(() => /Python script copied/.test(document.getElementById('status').textContent));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^PARAMS = \{"increments": 12345, "strategy": "lock", "increments_per_chunk": 100000\}$/m);
  assert.match(copied, /^WORKERS = \[1, 2, 3\]$/m);

  await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error('Write permission denied.')); });
  await page.click('#copy-python');
  await page.waitForSelector('#program-text', { state: 'visible' });
  assert.match(await page.textContent('#error'), /Could not copy to the clipboard \(Write permission denied\.\)\. The script is in the box/);
  assert.equal(await page.inputValue('#program-text'), copied);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the JSON export carries the Python program of the sweep', { timeout: 60_000 }, async () => {
  const { page, problems } = await openPage();
  await page.evaluate((params) => window.parlab.sweep({ experiment: 'toasts', params, workers: '1,2', repetitions: 1 }), TOASTS);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  const expected = await page.evaluate((params) => window.parlab.program('toasts', params, 'python', { workers: '1,2', repetitions: 1 }), TOASTS);
  assert.equal(exported.programs.python, expected);
  assert.deepEqual(problems, []);
});

const WORDS = { words: 3000, vocabulary: 200, word_skew: '2', combiner: 'on', seed: 4 };
// Where npm run test:engine-twins installs the pinned Dask and PySpark.
const ENGINES_PYTHON = resolve('target/twins-engines-venv/bin/python');

test('a data experiment offers Dask and PySpark twins; the copied Dask twin prints the checksum the page measured', { timeout: 120_000 }, async (t) => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const { page, problems } = await openPage(context);
  await page.click('#experiment-list button[data-id="word_count"]');
  assert.deepEqual(await Promise.all(['python', 'dask', 'pyspark'].map((engine) => page.isVisible(`#copy-${engine}`))), [false, true, true]);
  await page.fill('#param-words', '3000');
  await page.fill('#param-vocabulary', '200');
  await page.selectOption('#param-word_skew', '2');
  await page.selectOption('#param-combiner', 'on');
  await page.click('#params details.more-settings > summary');
  await page.fill('#param-seed', '4');
  await page.fill('#workers', '1,2');
  await page.click('#copy-pyspark');
  await page.waitForFunction(() => /PySpark script copied \(word_count_pyspark\.py with these settings\): save it and pip install pyspark/.test(document.getElementById('status').textContent));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^PARAMS = \{"words": 3000, "vocabulary": 200, "word_skew": "2", "combiner": "on", "seed": 4\}$/m);
  assert.match(copied, /^WORKERS = \[1, 2\]$/m);
  assert.match(copied, /reduceByKey/);

  const record = await page.evaluate((params) => window.parlab.sweep({ experiment: 'word_count', params, workers: '1,2', repetitions: 1 }), WORDS);
  const measured = new Set(record.runs.map((run) => run.checksum));
  assert.equal(measured.size, 1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(Object.keys(exported.programs), ['dask', 'pyspark']);
  const script = await page.evaluate((params) => window.parlab.program('word_count', params, 'dask', { workers: '1,2', repetitions: 1 }), WORDS);
  assert.equal(exported.programs.dask, script);
  assert.deepEqual(problems, []);
  await context.close();
  if (!existsSync(ENGINES_PYTHON)) {
    t.diagnostic('Dask is not installed (npm run test:engine-twins installs it): the copied twin was not run.');
    return;
  }
  const file = join(site, 'word_count_dask.py');
  await writeFile(file, script);
  const { stdout } = await promisify(execFile)(ENGINES_PYTHON, [file], { cwd: site, timeout: 90_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.match(stdout, new RegExp(`^checksum: ${[...measured][0]} \\(the same in every run\\)$`, 'm'), stdout);
});

test('a copy of the site without its twins folder says which template is missing', { timeout: 60_000 }, async () => {
  const incomplete = await serveStatic('dist', { headers: isolationHeaders, hide: ['twins/'] });
  try {
    const page = await browser.newPage();
    await page.goto(incomplete.url);
    await page.waitForFunction(() => window.parlab);
    await assert.rejects(page.evaluate(() => window.parlab.program('toasts')), /twins\/toasts\.py is missing \(HTTP 404\): this copy of parlab is incomplete/);
  } finally {
    await incomplete.close();
  }
});
