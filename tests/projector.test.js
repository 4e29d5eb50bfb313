// Charts read on a projector: in a 960×540 slide, every chart kind (speedup,
// scale-up, speedup stack, timeline) draws its text and its legend at 14 px or more, and no
// two pieces of text overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite } from './built-site.js';

const site = builtSite();

const SLIDES = [
  { kind: 'speedup and timeline', query: 'experiment=toasts&toasts=60&workers=1,2,4&view=speedup,timeline', panels: ['#main-chart', '#timeline'] },
  { kind: 'scale-up', query: 'experiment=toasts&toasts=30&workers=1,2&mode=scaleup&view=scaleup', panels: ['#main-chart'] },
  { kind: 'speedup stack', query: 'experiment=toasts&toasts=60&workers=1,2,4&view=stack', panels: ['#stack-chart'] },
  { kind: 'timeline with a legend', query: 'experiment=word_count&words=100000&workers=1,2&view=timeline', panels: ['#timeline'] },
  { kind: 'log axes', query: 'experiment=requests&requests=40&wait_ms=10&workers=1,2,8,40&view=speedup', panels: ['#main-chart'] },
];

/** The text of the charts in `panels` and of their legends: each piece's font size and box, and the pairs of pieces whose boxes overlap. */
function textOf(panels) {
  const pieces = panels.flatMap((panel) => [...document.querySelectorAll(`${panel} svg text, ${panel} [class*="-swatches"] > span`)])
    .filter((text) => text.getClientRects().length > 0 && text.textContent.trim() !== '')
    .map((text) => ({ text: text.textContent.trim(), size: parseFloat(getComputedStyle(text).fontSize), box: text.getBoundingClientRect() }));
  const overlaps = [];
  for (const [i, a] of pieces.entries()) {
    for (const b of pieces.slice(i + 1)) {
      const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      // A pixel of touching is not an overlap: glyph boxes include their leading.
      if (x > 1 && y > 1) overlaps.push(`"${a.text}" and "${b.text}"`);
    }
  }
  return { count: pieces.length, small: pieces.filter((p) => p.size < 14).map((p) => `"${p.text}" at ${p.size} px`), overlaps };
}

for (const { kind, query, panels } of SLIDES) {
  test(`in a 960×540 slide, the ${kind} text is 14 px or more and nothing overlaps`, { timeout: 120_000 }, async () => {
    const page = await site.browser.newPage({ viewport: { width: 960, height: 540 } });
    await page.goto(`${site.server.url}?${query}&embed&locked&autorun&reps=1`);
    await page.waitForSelector('#distinct-workers', { timeout: 90_000 });
    await page.waitForTimeout(300);
    const text = await page.evaluate(textOf, panels);
    assert.ok(text.count > 4, `${kind}: only ${text.count} pieces of text`);
    assert.deepEqual(text.small, [], kind);
    assert.deepEqual(text.overlaps, [], kind);
    await page.close();
  });
}
