// Accessibility of the built page (axe-core through playwright-core): no
// serious or critical violation on the lab, the embed view and the lesson
// steps in PAGES, each after a finished sweep so that charts, table and
// timeline are there; and the lab works from the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seriousViolations } from './axe.js';
import { builtSite } from './built-site.js';

const site = builtSite();

// The pages to check, as URL queries of the built site. `sweep`: press Run
// and wait for the results first. Add lesson steps here (e.g. '?lesson=1&step=1').
const PAGES = [
  { name: 'the lab after a sweep, with an overlay and a prediction', query: '?experiment=toasts&toasts=40&workers=1,2', sweep: true, overlay: true },
  { name: 'the lab with a picture (Mandelbrot)', query: '?experiment=mandelbrot&size=256&max_iter=200&workers=1,2', sweep: true },
  { name: 'the embed view with chart, timeline and picture', query: '?experiment=pipeline&workers=1,2&embed&view=speedup,timeline,picture', sweep: true },
  { name: 'the embed view in the dark theme', query: '?experiment=toasts&toasts=40&workers=1,2&embed&theme=dark', sweep: true },
  { name: 'the list of lessons', query: '?lessons' },
  { name: 'lesson 1\'s first step, the "Your machine" panel', query: '?lesson=1&step=1' },
  { name: 'a lesson step after its run, its prediction judged', query: '?lesson=1&step=3', predict: '9' },
  { name: 'a lesson step embedded in a slide after its run, with its chart', query: '?lesson=1&step=2&embed', predict: '2' },
  { name: 'a lesson\'s questions with one answered', query: '?lesson=1&step=7', answer: true },
];

/** A lesson step: types the prediction, runs the step and waits for the verdict. */
async function predictAndRun(page, prediction) {
  await page.fill('.prediction input', prediction);
  await page.click('.lesson-lab button[type=submit]');
  await page.waitForSelector('.verdict', { timeout: 60_000 });
}

async function openAt(query) {
  const page = await site.browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${site.server.url}${query}`);
  await page.waitForFunction(() => window.parlab);
  return { page, problems };
}

async function runSweep(page) {
  await page.click('#run');
  await page.waitForFunction(() => !document.getElementById('run').disabled && !document.getElementById('results').hidden, null, { timeout: 60_000 });
  assert.equal(await page.isVisible('#error'), false, await page.textContent('#error'));
}

for (const { name, query, sweep, overlay, predict, answer } of PAGES) {
  test(`no serious or critical accessibility violations: ${name}`, { timeout: 90_000 }, async () => {
    const { page, problems } = await openAt(query);
    if (sweep) await runSweep(page);
    if (predict) await predictAndRun(page, predict);
    if (answer) await page.locator('.question label').first().click();
    if (overlay) {
      await page.fill('#param-toasts_per_chunk', '5');
      await runSweep(page);
      await page.locator('#history-list li').first().locator('input[type="checkbox"]').check();
      await page.evaluate(() => { document.getElementById('advanced').open = true; });
      await page.fill('#what-if-cores', '16');
    }
    if (sweep) {
      // The chart is one image whose name says where its numbers are.
      assert.equal(await page.getAttribute('#main-chart > *', 'role'), 'img');
      assert.match(await page.getAttribute('#main-chart > *', 'aria-label'), /numbers are in the table/);
    }
    if (predict && await page.locator('.lesson-chart').count()) assert.equal(await page.getAttribute('.lesson-chart > *', 'role'), 'img');
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('the lab works from the keyboard alone: Tab reaches every control, Enter runs a sweep', { timeout: 90_000 }, async () => {
  const { page, problems } = await openAt('?experiment=toasts&toasts=40');
  const reached = new Set();
  for (let i = 0; i < 80 && !reached.has('run'); i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement.id || document.activeElement.dataset.id || document.activeElement.textContent.trim()));
  }
  const advanced = 'Advanced: engine, GIL, start-up, models, what-if';
  for (const id of ['Your machine: measure what this computer gives parallel work', 'toasts', 'mandelbrot', 'param-toasts', 'workers', advanced, 'run']) {
    assert.ok(reached.has(id), `Tab did not reach ${id}: ${[...reached].join(', ')}`);
  }
  // Enter on Advanced opens it, and Tab then reaches what it holds.
  while (await page.evaluate(() => document.activeElement.textContent.trim()) !== advanced) await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'engine');
  // Back to the workers field, type, and submit the form with Enter.
  await page.keyboard.press('Shift+Tab');
  while (await page.evaluate(() => document.activeElement.id) !== 'workers') await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1,2');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.getElementById('run').disabled && !document.getElementById('results').hidden, null, { timeout: 60_000 });
  assert.equal(await page.locator('#sweep-table tbody tr').count(), 2);
  // Enter on the summary opens "Your machine".
  await page.focus('#machine-section > summary');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.getElementById('machine-section').open), true);
  assert.deepEqual(problems, []);
  await page.close();
});
