// `npm run bench`: every experiment's speedup sweep in headless Chromium (the
// built page, through window.parlab) and the same kernels on native rayon
// pools, side by side; then the lab's own fixed costs (fixed-costs.js) and the
// bytes of a first visit; then every target, met or not (targets.js). Numbers
// are printed, never asserted.
//   --only REGEX  runs only the cases and the groups of fixed costs whose name
//                 matches ('dispatch', 'processes ÷ threads', 'pool start-up',
//                 'first visit'), to re-measure a few rows
//   --save        also writes bench/results/latest.json and regenerates the
//                 table in docs/performance.md from it (render-performance.js)
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, release as kernelRelease, type } from 'node:os';
import { experimentById } from '../web/src/experiments/index.js';
import { speedupRows } from '../web/src/lab/stats.js';
import { MAX_WARM_UPS, WARM_UP_MS } from '../web/src/lab/sweep.js';
import { launchChromium } from '../tests/browser.js';
import { gzippedBytes, recordFetchedPaths, untilNoFetchFor } from '../tests/fetched-bytes.js';
import { isolationHeaders, serveStatic } from '../tests/static-server.js';
import { cases as allCases, fixedCosts as fixedCostSettings, noisySpread, repetitions, shortRunRepetitions } from './cases.js';
import { measureFixedCosts } from './fixed-costs.js';
import { renderPerformanceDoc, RESULTS_PATH } from './render-performance.js';
import { reportLines } from './report.js';
import { evaluateTargets } from './targets.js';

const log = (line) => process.stderr.write(`${line}\n`);

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new RegExp(args[onlyAt + 1]) : null;
const wanted = (name) => !only || only.test(name);
const save = args.includes('--save');
const cases = allCases.filter((c) => wanted(c.name));

const engineParams = ({ experiment, params }) => {
  const descriptor = experimentById(experiment);
  const values = Object.fromEntries(descriptor.params.map((p) => [p.name, params[p.name] ?? p.default]));
  return descriptor.toEngine(values, 1);
};

const repetitionsOf = (c) => c.repetitions ?? repetitions;

// Native rayon has threads only: a case on the processes engine has no native counterpart.
const hasNative = (c) => c.options?.engine !== 'processes';

/** Speedup rows of `timesByK` with their spread, (max − min) ÷ median, and whether that makes them noisy. */
const rowsWithSpread = (timesByK) => speedupRows(timesByK).map((r) => {
  const spread = (r.max - r.min) / r.median;
  return { ...r, spread, noisy: spread > noisySpread };
});
const anyNoisy = (timesByK) => rowsWithSpread(timesByK).some((r) => r.noisy);

/** The native runs of `someCases`: Map name → { timesByK, checksums }. */
function nativeTimes(someCases) {
  const input = JSON.stringify(someCases.map((c) => ({
    name: c.name, experiment: c.experiment, params: engineParams(c), ks: c.workers, repetitions: repetitionsOf(c), warmUpMs: WARM_UP_MS, maxWarmUps: MAX_WARM_UPS,
    gil_switch_ms: c.options?.gil ? (c.options.switchIntervalMs ?? 5) : null,
  })));
  const output = execFileSync('target/release/native-bench', { input, encoding: 'utf8', maxBuffer: 1 << 24 });
  const byCase = new Map();
  for (const line of output.trim().split('\n')) {
    const { name, k, timesMs, checksum } = JSON.parse(line);
    if (!byCase.has(name)) byCase.set(name, { timesByK: new Map(), checksums: new Set() });
    byCase.get(name).timesByK.set(k, timesMs);
    byCase.get(name).checksums.add(checksum);
  }
  return byCase;
}

/** Native runs of every case, a noisy case's measured once more (the repeat replaces it). */
function nativeFigures() {
  if (!cases.some(hasNative)) return new Map();
  log('native: running the same cases on rayon …');
  const byCase = nativeTimes(cases.filter(hasNative));
  const noisy = cases.filter((c) => byCase.has(c.name) && anyNoisy(byCase.get(c.name).timesByK));
  if (noisy.length) {
    log(`native: noisy, measured once more: ${noisy.map((c) => c.name).join(', ')} …`);
    for (const [name, repeat] of nativeTimes(noisy)) byCase.set(name, { ...repeat, repeated: true });
  }
  return byCase;
}

async function timedSweep(page, options) {
  const record = await page.evaluate((o) => window.parlab.sweep(o), options);
  const timesByK = new Map(options.workers.map((k) => [k, record.runs.filter((r) => r.k === k).map((r) => r.timeMs)]));
  return { timesByK, checksums: new Set(record.runs.map((r) => r.checksum)), startupMsByK: record.startupMsByK, userAgent: record.userAgent };
}

/** A case's sweep in the page; a noisy one is swept once more and the repeat reported. */
async function browserCase(page, c) {
  log(`browser: ${c.name} at k = ${c.workers.join(', ')} …`);
  const options = { experiment: c.experiment, params: c.params, workers: c.workers, ...c.options, repetitions: repetitionsOf(c) };
  // An untimed sweep first: during the first sweep of an experiment, the browser
  // compiles its code into the optimised form on a core that the timed runs
  // need (docs/performance.md, "V8's dynamic tiering").
  await page.evaluate((o) => window.parlab.sweep(o), { ...options, repetitions: 1 });
  const first = await timedSweep(page, options);
  if (!anyNoisy(first.timesByK)) return first;
  log(`browser: ${c.name} was noisy, measuring it once more …`);
  return { ...await timedSweep(page, options), repeated: true };
}

/**
 * Gzip bytes of every file the server sent to a first visit (its own browser
 * context, so nothing is cached): once the page is idle before its first Run,
 * and once the first sweep (Run at k = 1, 2) has run and the network is quiet
 * again (the service worker then keeps the rest of the site).
 */
async function firstVisitBytes(browser, url) {
  log('browser: a first visit, before and after its first Run …');
  const context = await browser.newContext();
  try {
    const fetched = recordFetchedPaths(context);
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.parlab);
    await untilNoFetchFor(fetched, 2_000);
    const beforeRun = [...fetched];
    await page.fill('#workers', '1,2');
    await page.click('#run');
    await page.waitForFunction(() => !document.getElementById('run').disabled, null, { timeout: 150_000 });
    await untilNoFetchFor(fetched, 5_000);
    const count = async (paths) => ({ bytes: await gzippedBytes('dist', paths), files: new Set(paths).size });
    return { beforeRun: await count(beforeRun), afterSweep: await count(fetched) };
  } finally {
    await context.close();
  }
}

async function browserFigures() {
  const server = await serveStatic('dist', { headers: isolationHeaders });
  const browser = await launchChromium();
  try {
    const firstVisit = wanted('first visit') ? await firstVisitBytes(browser, server.url) : null;
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.parlab);
    const byCase = new Map();
    for (const c of cases) byCase.set(c.name, await browserCase(page, c));
    const fixedCosts = await measureFixedCosts(page, log, wanted);
    return { byCase, fixedCosts, firstVisit, browserVersion: browser.version(), userAgent: await page.evaluate(() => navigator.userAgent) };
  } finally {
    await browser.close();
    await server.close();
  }
}

function caseResults(wasm, native) {
  return cases.map((c) => {
    const measured = wasm.get(c.name);
    const nativeCase = native.get(c.name);
    const nativeRows = new Map(nativeCase ? rowsWithSpread(nativeCase.timesByK).map((r) => [r.k, r]) : []);
    return {
      name: c.name, experiment: c.experiment, size: c.size, repetitions: repetitionsOf(c), engine: c.options?.engine ?? 'threads', gil: Boolean(c.options?.gil),
      repeated: Boolean(measured.repeated), nativeRepeated: Boolean(nativeCase?.repeated),
      checksums: [...new Set([...measured.checksums, ...(nativeCase?.checksums ?? [])])],
      rows: rowsWithSpread(measured.timesByK).map((r) => {
        const n = nativeRows.get(r.k);
        return {
          k: r.k, medianMs: r.median, minMs: r.min, maxMs: r.max, spread: r.spread, noisy: r.noisy,
          speedup: r.speedup, efficiency: r.efficiency, startupMs: measured.startupMsByK[r.k], timesMs: measured.timesByK.get(r.k),
          native: n ? { medianMs: n.median, minMs: n.min, maxMs: n.max, spread: n.spread, noisy: n.noisy, speedup: n.speedup, timesMs: nativeCase.timesByK.get(r.k) } : null,
          wasmOverNative: n ? r.median / n.median : null,
        };
      }),
    };
  });
}

/** The distribution's name where it says it (/etc/os-release), else the kernel's. */
async function operatingSystem() {
  const release = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const name = release.match(/^PRETTY_NAME="?(.*?)"?$/m)?.[1];
  return `${name ?? type()}, ${type()} ${kernelRelease()} (${process.arch})`;
}

/**
 * How many cores other programs kept busy over `ms`, read from the kernel's
 * CPU times while this script waits. Unlike the load average, which a bench
 * started right after another still holds for minutes, it is what the cores
 * do now.
 */
async function coresBusyOver(ms) {
  const busyAndTotal = () => cpus().reduce(([busy, total], { times }) => {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    return [busy + all - times.idle, total + all];
  }, [0, 0]);
  const [busyBefore, totalBefore] = busyAndTotal();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const [busyAfter, totalAfter] = busyAndTotal();
  return totalAfter > totalBefore ? cpus().length * (busyAfter - busyBefore) / (totalAfter - totalBefore) : 0;
}

const loadAverage = loadavg();
const busyCoresAtStart = await coresBusyOver(3_000);
const startedAt = new Date();
const native = nativeFigures();
const { byCase: wasm, fixedCosts, firstVisit, browserVersion, userAgent } = await browserFigures();
const results = {
  format: 1,
  measured: {
    at: startedAt.toISOString(), durationS: Math.round((Date.now() - startedAt) / 1000),
    os: await operatingSystem(), cores: availableParallelism(), busyCoresAtStart, loadAverage, loadAverageAtEnd: loadavg(),
    browser: userAgent, browserVersion, only: only?.source ?? null,
    warmUpMs: WARM_UP_MS, dispatch: fixedCostSettings.dispatch,
  },
  repetitions,
  shortRunRepetitions,
  noisySpread,
  cases: caseResults(wasm, native),
  fixedCosts,
  firstVisit,
};
results.targets = evaluateTargets(results);

console.log(reportLines(results).join('\n'));
if (save) {
  await mkdir('bench/results', { recursive: true });
  await writeFile(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  await renderPerformanceDoc();
  log(`saved ${RESULTS_PATH} and the table in docs/performance.md`);
}
