// `npm run lessons:tour`: every run step of the four lessons, on the built
// page through the Lessons view as a student uses it, predicted with the
// answer the course teaches (the step's `expected`: for a speedup 'ideal' is
// min(k, cores)). Prints each step's verdict and explanation, and counts the
// red verdicts and those that say the machine was busy. With `--busy`, one
// core is kept busy by a spinning process for the whole tour, as on a
// student's laptop with a build or a call running.
//
// Target (issue 21): with one core busy, no step is red without saying that
// the machine was busy; on a quiet machine, only steps whose point is a
// surprise may be red, and their explanation says why from the measurement.
//
//   node bench/lesson-tour.js [--busy] [--only 2.3]
import { spawn } from 'node:child_process';
import { launchChromium } from '../tests/browser.js';
import { isolationHeaders, serveStatic } from '../tests/static-server.js';
import { lessons } from '../web/src/lessons/index.js';

const busy = process.argv.includes('--busy');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;

// A process that keeps one core busy until it is ended, and ends with this script.
const spinner = busy ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : null;
process.on('exit', () => spinner?.kill());

const browser = await launchChromium();
const server = await serveStatic('dist', { headers: isolationHeaders });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto(server.url);
await page.waitForFunction(() => window.parlab);
const cores = await page.evaluate(() => navigator.hardwareConcurrency);

const rows = [];
for (const [l, lesson] of lessons.entries()) {
  for (const [s, step] of lesson.steps.entries()) {
    const id = `${l + 1}.${s + 1}`;
    if (!step.run || (only && id !== only)) continue;
    const { prediction, measure } = step;
    const expected = prediction.kind === 'choice' ? prediction.expected
      : prediction.expected === 'ideal' ? Math.min(measure.k, cores) : prediction.expected;
    await page.goto(`${server.url}?lesson=${l + 1}&step=${s + 1}`);
    await page.waitForSelector('.lesson-lab');
    if (prediction.kind === 'choice') await page.check(`.prediction input[value="${expected}"]`);
    else await page.fill('.prediction input', String(expected));
    await page.click('.lesson-lab button[type=submit]');
    await page.waitForSelector('.lesson-result .verdict, .lesson-result .problem', { timeout: 300_000 });
    const seen = await page.evaluate(() => ({
      verdict: document.querySelector('.verdict')?.dataset.verdict ?? 'problem',
      measured: document.querySelector('.verdict')?.dataset.measured ?? '',
      text: document.querySelector('.explanation')?.textContent ?? document.querySelector('.problem')?.textContent,
    }));
    const saysBusy = /Another program was using the cores|with 1 worker varied by|machine was busy/.test(seen.text);
    rows.push({ id, title: step.title, expected: prediction.kind === 'choice' ? prediction.options[expected].label : expected, ...seen, saysBusy });
    console.log(`${id} ${step.title}\n  predicted ${rows.at(-1).expected}, measured ${seen.measured}: ${seen.verdict}\n  ${seen.text}`);
  }
}

const red = rows.filter((r) => r.verdict === 'wrong' || r.verdict === 'close');
const redSilent = red.filter((r) => !r.saysBusy);
console.log(`\n${busy ? 'One core kept busy' : 'Quiet machine'}, ${cores} cores reported: ${rows.length} run steps, ` +
  `${red.length} red (${red.map((r) => r.id).join(', ') || 'none'}), ${redSilent.length} of them without saying the machine was busy; ` +
  `${rows.filter((r) => r.verdict === 'busy').length} judged "busy", ${rows.filter((r) => r.verdict === 'tie').length} ties, ${rows.filter((r) => r.saysBusy).length} explanations say the machine was busy.`);
await browser.close();
await server.close();
spinner?.kill();
