// Every lesson step fits a slide: embedded at 960×540 and at 1280×720, each
// step of each lesson (and its questions page) shows without scrollbars.
// (tests/lessons.test.js runs one embedded step to its result.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite } from './built-site.js';
import { lessons, pageCount } from '../web/src/lessons/index.js';

const site = builtSite();

test('every lesson step, embedded, fits 960×540 and 1280×720 without scrollbars', { timeout: 240_000 }, async () => {
  const page = await site.browser.newPage({ viewport: { width: 960, height: 540 } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const overflowing = [];
  for (const [l, lesson] of lessons.entries()) {
    for (let step = 1; step <= pageCount(lesson); step++) {
      for (const size of [{ width: 960, height: 540 }, { width: 1280, height: 720 }]) {
        await page.setViewportSize(size);
        await page.goto(`${site.server.url}?lesson=${l + 1}&step=${step}&embed`);
        await page.waitForSelector('.lesson-step');
        const fits = await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth);
        if (!fits) overflowing.push(`lesson ${l + 1} step ${step} at ${size.width}×${size.height}`);
      }
    }
  }
  assert.deepEqual(overflowing, []);
  assert.deepEqual(problems, []);
  await page.close();
});
