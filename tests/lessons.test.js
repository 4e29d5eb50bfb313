// The Lessons view on the built page: from the header's switch into lesson 1,
// a wrong and then a right prediction (the tasks' 9 minutes) on the quick
// breakfast step, each run and explained with the measured value; progress kept across a reload; the
// questions' feedback and links; and one step embedded in a 960×540 slide.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite } from './built-site.js';

const site = builtSite();

const focusedText = (page) => page.evaluate(() => document.activeElement?.textContent);

/** Types a prediction, runs the step and resolves with what the page says about it. */
async function predictAndRun(page, prediction) {
  await page.fill('.prediction input', String(prediction));
  await page.click('.lesson-lab button[type=submit]');
  await page.waitForFunction((p) => document.querySelector('.verdict')?.textContent.includes(`You predicted ${p}`), Number(prediction).toFixed(1));
  return page.evaluate(() => {
    const verdict = document.querySelector('.verdict');
    return { verdict: verdict.dataset.verdict, measured: verdict.dataset.measured, sentence: verdict.textContent, explanation: document.querySelector('.explanation').textContent };
  });
}

test('lesson 1: Run waits for a prediction; a wrong and a right one are judged against the measured minutes, which the explanation quotes', { timeout: 120_000 }, async () => {
  const { page, problems } = await site.openPage();
  await page.click('#show-lessons');
  assert.equal(await page.locator('.lesson-card').count(), 4);
  assert.match(page.url(), /\?lessons$/);
  await page.click('.lesson-card:first-child button:has-text("Start")');
  assert.equal(await focusedText(page), 'Your machine', 'focus moves to the step\'s heading');
  assert.equal(await page.isVisible('.machine button:has-text("Measure this machine")'), true, 'the step is the "Your machine" panel');
  await page.click('button:has-text("Next →")');
  await page.click('button:has-text("Next →")');
  assert.equal(await focusedText(page), 'Breakfast, one thing at a time');
  assert.match(page.url(), /\?lesson=1&step=3$/);

  const run = page.locator('.lesson-lab button[type=submit]');
  assert.equal(await run.isDisabled(), true, 'no Run before a prediction');
  await page.fill('.prediction input', '30');
  assert.equal(await run.isDisabled(), false);

  const wrong = await predictAndRun(page, 30);
  assert.equal(wrong.verdict, 'wrong');
  const minutes = Number(wrong.measured.replace(' minutes', ''));
  assert.ok(minutes >= 8.5 && minutes < 30, `the synchronous breakfast takes about the 9 minutes of its tasks, measured ${wrong.measured}`);
  assert.match(wrong.sentence, new RegExp(`You predicted 30\\.0 minutes, parlab measured ${wrong.measured} on this machine\\. Off by`));
  assert.ok(wrong.explanation.includes(wrong.measured), wrong.explanation);

  // The tasks' 9 minutes, within the step's tolerance of 1 minute. (The page's first sweep, above, also
  // starts its helper workers, which can make its breakfast late; this one runs on a warm page.)
  const right = await predictAndRun(page, 9);
  assert.equal(right.verdict, 'right', `predicted 9 minutes, measured ${right.measured}`);
  assert.ok(right.explanation.includes(right.measured), right.explanation);

  await page.reload();
  await page.waitForSelector('.prediction input');
  assert.equal(await page.inputValue('.prediction input'), '9', 'the last prediction is kept in the browser');
  assert.deepEqual(problems, []);
  await page.close();
});

test('lesson 3\'s questions: feedback for the option chosen, and a link to the step that shows the answer', { timeout: 60_000 }, async () => {
  const { page, problems } = await site.openPage();
  await page.goto(`${site.server.url}?lesson=3&step=7`);
  await page.waitForSelector('.question');
  assert.equal(await page.locator('.question').count(), 4);
  const first = page.locator('.question').first();
  await first.locator('label:has-text("How much faster a fixed problem")').click();
  assert.match(await first.locator('.feedback').textContent(), /^Not quite\. That is speedup/);
  await first.locator('label:has-text("Whether k workers")').click();
  assert.match(await first.locator('.feedback').textContent(), /^Correct\./);
  await first.locator('button:has-text("See step 1")').click();
  assert.equal(await focusedText(page), 'Speedup and scale-up');
  assert.match(page.url(), /\?lesson=3$/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a step embedded in a slide (?lesson=2&step=3&embed) shows just that step and fits 960×540 without scrollbars, before and after its run', { timeout: 120_000 }, async () => {
  const { page, problems } = await site.openPage({ viewport: { width: 960, height: 540 } });
  await page.goto(`${site.server.url}?lesson=2&step=3&embed`);
  await page.waitForSelector('.lesson-step h2');
  assert.equal(await page.textContent('.lesson-step h2'), 'Processes that compute');
  const fits = () => page.evaluate(() => ({
    vertical: document.documentElement.scrollHeight <= innerHeight,
    horizontal: document.documentElement.scrollWidth <= innerWidth,
  }));
  assert.deepEqual(await fits(), { vertical: true, horizontal: true });
  assert.equal(await page.isVisible('header'), false);
  assert.equal(await page.isVisible('.step-nav'), false);
  await predictAndRun(page, 2);
  await page.waitForSelector('.lesson-chart svg');
  assert.deepEqual(await fits(), { vertical: true, horizontal: true });
  assert.deepEqual(problems, []);
  await page.close();
});
