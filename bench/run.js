// `npm run bench`: every experiment's speedup sweep in headless Chromium (the
// built page, through window.parlab) and the same kernels on native rayon
// pools, printed side by side; then the lab's own fixed costs against their
// targets (fixed-costs.js). Numbers are printed, never asserted.
// `npm run bench -- --only REGEX` runs only the cases whose name matches (and
// no fixed costs), to re-measure a few rows.
import { execFileSync } from 'node:child_process';
import { experimentById } from '../web/src/experiments/index.js';
import { speedupRows } from '../web/src/lab/stats.js';
import { WARM_UP_MS } from '../web/src/lab/sweep.js';
import { launchChromium } from '../tests/browser.js';
import { isolationHeaders, serveStatic } from '../tests/static-server.js';
import { cases as allCases, fixedCosts as fixedCostCases, repetitions } from './cases.js';
import { measureFixedCosts } from './fixed-costs.js';

const log = (line) => process.stderr.write(`${line}\n`);

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new RegExp(process.argv[onlyAt + 1]) : null;
const cases = only ? allCases.filter((c) => only.test(c.name)) : allCases;
const caseNames = new Set(cases.map((c) => c.name));

const engineParams = ({ experiment, params }) => {
  const descriptor = experimentById(experiment);
  const values = Object.fromEntries(descriptor.params.map((p) => [p.name, params[p.name] ?? p.default]));
  return descriptor.toEngine(values, 1);
};

// Native rayon has threads only: a case on the processes engine has no native counterpart.
const hasNative = (c) => c.options?.engine !== 'processes';

function nativeTimes() {
  const input = JSON.stringify(cases.filter(hasNative).map((c) => ({
    name: c.name, experiment: c.experiment, params: engineParams(c), ks: c.workers, repetitions,
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

async function browserFigures() {
  const server = await serveStatic('dist', { headers: isolationHeaders });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.parlab);
    const byCase = new Map();
    for (const c of cases) {
      log(`browser: ${c.name} at k = ${c.workers.join(', ')} …`);
      const options = { experiment: c.experiment, params: c.params, workers: c.workers, ...c.options };
      // An untimed sweep first: during the first sweep of an experiment, the browser
      // compiles its code into the optimised form on a core that the timed runs
      // need (docs/performance.md, "What else shared the cores with a short run").
      await page.evaluate((o) => window.parlab.sweep(o), { ...options, repetitions: 1 });
      const record = await page.evaluate((o) => window.parlab.sweep(o), { ...options, repetitions });
      const timesByK = new Map(c.workers.map((k) => [k, record.runs.filter((r) => r.k === k).map((r) => r.timeMs)]));
      byCase.set(c.name, { timesByK, checksums: new Set(record.runs.map((r) => r.checksum)), startupMsByK: record.startupMsByK, userAgent: record.userAgent });
    }
    return { byCase, fixedCosts: only ? [] : await measureFixedCosts(page, log) };
  } finally {
    await browser.close();
    await server.close();
  }
}

const pad = (value, width) => String(value).padStart(width);
const orDash = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

log('native: running the same cases on rayon …');
const native = nativeTimes();
const { byCase: wasm, fixedCosts } = await browserFigures();

const header = ['experiment', 'size', 'k', 'median ms', 'min ms', 'max ms', 'speedup', 'effic.', 'start-up ms', 'native ms', 'native speedup', 'wasm/native'];
const widths = [25, 27, 3, 10, 9, 9, 8, 7, 12, 10, 15, 12];
console.log(header.map((h, i) => (i < 2 ? h.padEnd(widths[i]) : pad(h, widths[i]))).join(' '));
for (const c of cases) {
  const rows = speedupRows(wasm.get(c.name).timesByK);
  const nativeRows = new Map(hasNative(c) ? speedupRows(native.get(c.name).timesByK).map((r) => [r.k, r]) : []);
  for (const r of rows) {
    const n = nativeRows.get(r.k) ?? { median: NaN, speedup: NaN };
    console.log([
      c.name.padEnd(widths[0]), c.size.padEnd(widths[1]), pad(r.k, widths[2]), pad(r.median.toFixed(1), widths[3]),
      pad(r.min.toFixed(1), widths[4]), pad(r.max.toFixed(1), widths[5]), pad(r.speedup.toFixed(2), widths[6]),
      pad(r.efficiency.toFixed(2), widths[7]), pad(wasm.get(c.name).startupMsByK[r.k].toFixed(0), widths[8]),
      pad(orDash(n.median, 1), widths[9]), pad(orDash(n.speedup, 2), widths[10]), pad(orDash(r.median / n.median, 2), widths[11]),
    ].join(' '));
  }
  const same = [...wasm.get(c.name).checksums, ...(native.get(c.name)?.checksums ?? [])];
  if (new Set(same).size !== 1) console.log(`  ! ${c.name}: results differ between runs or engines: ${[...new Set(same)].join(', ')}`);
}
// Cases whose time is meant to be a given fraction of another's, at k = 1.
for (const c of cases.filter((c) => c.ratioTo && caseNames.has(c.ratioTo.name))) {
  const median = (name) => speedupRows(wasm.get(name).timesByK)[0].median;
  const ratio = median(c.name) / median(c.ratioTo.name);
  const off = Math.abs(ratio / c.ratioTo.target - 1);
  console.log(`${c.name} / ${c.ratioTo.name} at k = 1: ${ratio.toFixed(3)} (target ${c.ratioTo.target.toFixed(3)}, off by ${(100 * off).toFixed(1)} %)`);
}
// Cases with a target speedup at one k.
for (const c of cases.filter((c) => c.target)) {
  const { k, atLeast, atMost } = c.target;
  const speedup = speedupRows(wasm.get(c.name).timesByK).find((r) => r.k === k).speedup;
  const met = atLeast !== undefined ? speedup >= atLeast : speedup <= atMost;
  console.log(`${c.name}: speedup ${speedup.toFixed(2)} at k = ${k} (target ${atLeast !== undefined ? `≥ ${atLeast}` : `≤ ${atMost}`}): ${met ? 'met' : 'NOT met'}`);
}
console.log(`\n${repetitions} repetitions per k after warm-ups (in the browser, after an untimed sweep and warm-up runs of at least ${WARM_UP_MS} ms; natively, one run); medians. Browser: ${[...wasm.values()][0].userAgent}`);
console.log('wasm/native = browser median ÷ native median at the same k. Every case computed the same checksum in the browser and natively unless a "!" line says otherwise.');

// A row with a target says whether the measured value is within it.
const fixedHeader = ['fixed cost of the lab', 'measured', 'detail', 'native rayon', 'target', 'verdict'];
const fixedWidths = [52, 10, 40, 12, 10, 8];
console.log(`\n${fixedHeader.map((h, i) => (i === 0 || i === 2 ? h.padEnd(fixedWidths[i]) : pad(h, fixedWidths[i]))).join(' ')}`);
for (const row of fixedCosts) {
  const shown = (value) => (row.unit === '×' ? `${value.toFixed(row.digits)}×` : `${value.toFixed(row.digits)} ${row.unit}`);
  const hasTarget = row.target !== undefined;
  console.log([
    row.what.padEnd(fixedWidths[0]), pad(shown(row.value), fixedWidths[1]), row.detail.padEnd(fixedWidths[2]),
    pad(row.native ?? '', fixedWidths[3]), pad(hasTarget ? `≤ ${shown(row.target)}` : '', fixedWidths[4]),
    pad(hasTarget ? (row.value <= row.target ? 'met' : 'NOT met') : '', fixedWidths[5]),
  ].join(' '));
}
const { samples, regionsPerSample, afterIdleUs } = fixedCostCases.dispatch;
console.log(`Dispatch: median of ${samples} samples, each the mean time of ${regionsPerSample} empty broadcasts in a row (the browser's performance.now() `
  + `moves in steps of about 5 µs), or of ${regionsPerSample} that each come after ${afterIdleUs / 1000} ms without work, as a run does; `
  + 'native rayon runs the same loop (parlab::dispatch). Start-up: from no helper workers to a pool of k, on a freshly started engine.');
