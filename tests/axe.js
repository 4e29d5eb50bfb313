// axe-core's accessibility check on a page opened by playwright-core: injects
// node_modules/axe-core/axe.min.js and returns the serious and critical
// violations, each as one readable line, so that a failing test says what to fix.
import { readFile } from 'node:fs/promises';

const axeSource = readFile(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);

/** The serious and critical violations on `page` (or a frame) now: ['impact rule: help (selectors)', …]. */
export async function seriousViolations(page) {
  await page.addScriptTag({ content: await axeSource });
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return violations.filter((v) => BLOCKING.has(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}
