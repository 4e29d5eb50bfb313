// The fixed costs that the lab itself adds to every measurement: dispatching an
// empty parallel region (in the page and on native rayon, back to back and
// after an idle millisecond), starting a pool of k helpers on a fresh engine,
// and the processes engine's overhead over threads at k = 1. Measured through window.parlab in the built page; each figure
// becomes one row with its target, if it has one.
import { execFileSync } from 'node:child_process';
import { experiments } from '../web/src/experiments/index.js';
import { median } from '../web/src/lab/stats.js';
import { fixedCosts } from './cases.js';

const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

function nativeDispatchUs({ ks, samples, regionsPerSample }, idleUs) {
  const input = JSON.stringify({ ks, samples, regionsPerSample, idleUs });
  const output = execFileSync('target/release/native-bench', ['dispatch'], { input, encoding: 'utf8' });
  return new Map(output.trim().split('\n').map((line) => {
    const { k, timesUs } = JSON.parse(line);
    return [k, timesUs];
  }));
}

// Twice: regions back to back (the target's figure), where native rayon's
// workers are still spinning from the last one, and regions that each follow
// an idle millisecond, as a run follows the page's own work, when the workers
// of both have gone to sleep.
async function dispatchRows(page, log) {
  const { ks, samples, regionsPerSample, afterIdleUs, targetUsByK } = fixedCosts.dispatch;
  const rows = [];
  for (const idleUs of [0, afterIdleUs]) {
    const how = idleUs ? `, each after ${idleUs / 1000} ms idle` : '';
    log(`native: ${samples} × ${regionsPerSample} empty parallel regions${how} on rayon at k = ${ks.join(', ')} …`);
    const native = nativeDispatchUs(fixedCosts.dispatch, idleUs);
    for (const k of ks) {
      log(`browser: ${samples} × ${regionsPerSample} empty parallel regions${how} at k = ${k} …`);
      const times = await page.evaluate((args) => window.parlab.measureDispatch(...args), [k, samples, regionsPerSample, { idleUs }]);
      rows.push({
        what: idleUs ? `dispatch after ${idleUs / 1000} ms idle, k = ${k}` : `dispatch: empty parallel region, k = ${k}`,
        value: median(times), unit: 'µs', digits: 1,
        detail: `p10–p90 ${quantile(times, 0.1).toFixed(1)}–${quantile(times, 0.9).toFixed(1)} µs`,
        native: `${median(native.get(k)).toFixed(1)} µs`,
        target: idleUs ? undefined : targetUsByK[k],
      });
    }
  }
  return rows;
}

// A sweep of k waiting requests that neither wait nor work, on a page of its
// own, whose engine starts with no helpers (on the bench's page, the helpers
// of earlier sweeps would be found running, with the start-up measured when
// they started): the record's start-up of k is the time from none to a pool of k.
async function freshStartupMs(page, k) {
  const fresh = await page.context().browser().newPage();
  try {
    await fresh.goto(page.url());
    await fresh.waitForFunction(() => window.parlab);
    const record = await fresh.evaluate((workers) => window.parlab.sweep({
      experiment: 'requests', params: { requests: workers, wait_ms: 0, request_work: 0 }, workers: [workers], repetitions: 1,
    }), k);
    return record.startupMsByK[k];
  } finally {
    await fresh.close();
  }
}

async function startupRows(page, log) {
  const { ks, engines, targetMsByK } = fixedCosts.startup;
  const rows = [];
  for (const k of ks) {
    log(`browser: pool start-up of k = ${k} on ${engines} fresh engines …`);
    const startups = [];
    for (let i = 0; i < engines; i++) startups.push(await freshStartupMs(page, k));
    rows.push({
      what: `pool start-up, fresh engine, k = ${k}`,
      value: median(startups), unit: 'ms', digits: 0,
      detail: `min–max ${Math.min(...startups).toFixed(0)}–${Math.max(...startups).toFixed(0)} ms (${engines} engines)`,
      target: targetMsByK[k],
    });
  }
  return rows;
}

// One run per sweep (after its warm-up), the engines alternating and taking
// turns to go first, so that load from elsewhere on the machine hits both alike.
async function processesRows(page, log) {
  const { repetitions, targetRatio } = fixedCosts.processes;
  const rows = [];
  for (const { id, title } of experiments) {
    log(`browser: ${id} at its defaults, k = 1, threads and processes in turn …`);
    const timesMs = { threads: [], processes: [] };
    for (let round = 0; round < repetitions; round++) {
      for (const engine of round % 2 ? ['processes', 'threads'] : ['threads', 'processes']) {
        const record = await page.evaluate((options) => window.parlab.sweep(options), { experiment: id, workers: [1], repetitions: 1, engine });
        timesMs[engine].push(record.runs[0].timeMs);
      }
    }
    const medianMs = { threads: median(timesMs.threads), processes: median(timesMs.processes) };
    rows.push({
      what: `processes ÷ threads, k = 1: ${title.split(':')[0].toLowerCase()}`,
      value: medianMs.processes / medianMs.threads, unit: '×', digits: 2,
      detail: `${medianMs.processes.toFixed(1)} ÷ ${medianMs.threads.toFixed(1)} ms (defaults)`,
      target: targetRatio,
    });
  }
  return rows;
}

/**
 * Every fixed-cost row: { what, value, unit, digits, detail, native?, target? }.
 * The start-ups come last, so that engines of 64 helpers being torn down
 * cannot weigh on the timed runs.
 */
export async function measureFixedCosts(page, log) {
  const dispatch = await dispatchRows(page, log);
  const processes = await processesRows(page, log);
  return [...dispatch, ...await startupRows(page, log), ...processes];
}
