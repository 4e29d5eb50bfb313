// The fixed costs that the lab itself adds to every measurement: dispatching an
// empty parallel region (in the page and on native rayon, back to back and
// after an idle millisecond, with the browser's floor under the latter), starting a pool of k helpers on a fresh engine,
// the floor under that (empty module workers), and the processes engine's
// overhead over threads at k = 1. Measured through window.parlab in the built
// page; bench/targets.js holds them against their targets.
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

/** `use(fresh)` on a new page of the bench's site, closed afterwards: a measurement that must not meet the bench page's engines. */
async function inFreshPage(page, use) {
  const fresh = await page.context().browser().newPage();
  try {
    await fresh.goto(page.url());
    await fresh.waitForFunction(() => window.parlab);
    return await use(fresh);
  } finally {
    await fresh.close();
  }
}

// The browser's floor under a region after idle: k plain JavaScript workers,
// each parked in Atomics.wait on a slot of its own (as rayon parks each of its
// workers on its own), woken one notify each by a caller worker, which then
// parks until the last of them has counted itself done and notified it back.
// No wasm, no rayon: what this browser takes to wake k sleeping threads and be
// woken once, timed the way parlab::dispatch times its regions.
const WAKE_FLOOR_HELPER = `
onmessage = ({ data: { control, index } }) => {
  const slots = new Int32Array(control);
  let seen = 0;
  for (;;) {
    Atomics.wait(slots, 2 + index, seen);
    seen = Atomics.load(slots, 2 + index);
    if (seen < 0) return;
    if (Atomics.add(slots, 1, 1) + 1 === slots[0]) Atomics.notify(slots, 1);
  }
};
postMessage('ready');`;
const WAKE_FLOOR_CALLER = `
onmessage = ({ data: { control, samples, regionsPerSample, idleUs } }) => {
  const slots = new Int32Array(control);
  const k = slots[0];
  const idle = new Int32Array(new SharedArrayBuffer(4));
  const region = (generation) => {
    Atomics.store(slots, 1, 0);
    for (let i = 0; i < k; i++) {
      Atomics.store(slots, 2 + i, generation);
      Atomics.notify(slots, 2 + i);
    }
    for (let done = Atomics.load(slots, 1); done < k; done = Atomics.load(slots, 1)) Atomics.wait(slots, 1, done);
  };
  let generation = 1;
  region(generation++);
  const times = [];
  for (let s = 0; s < samples; s++) {
    let total = 0;
    for (let r = 0; r < regionsPerSample; r++) {
      if (idleUs > 0) Atomics.wait(idle, 0, 0, idleUs / 1000);
      const started = performance.now();
      region(generation++);
      total += performance.now() - started;
    }
    times.push((total * 1000) / regionsPerSample);
  }
  for (let i = 0; i < k; i++) {
    Atomics.store(slots, 2 + i, -1);
    Atomics.notify(slots, 2 + i);
  }
  postMessage(times);
};`;

function wakeFloorUs(page, k, { samples, regionsPerSample }, idleUs) {
  return inFreshPage(page, (fresh) => fresh.evaluate(async ({ k, samples, regionsPerSample, idleUs, helperSource, callerSource }) => {
    const scriptOf = (source) => URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const [helperScript, callerScript] = [scriptOf(helperSource), scriptOf(callerSource)];
    const control = new SharedArrayBuffer(4 * (2 + k));
    new Int32Array(control)[0] = k;
    const helpers = Array.from({ length: k }, () => new Worker(helperScript));
    await Promise.all(helpers.map((helper, index) => new Promise((resolve) => {
      helper.onmessage = resolve;
      helper.postMessage({ control, index });
    })));
    const caller = new Worker(callerScript);
    const times = await new Promise((resolve) => {
      caller.onmessage = ({ data }) => resolve(data);
      caller.postMessage({ control, samples, regionsPerSample, idleUs });
    });
    for (const worker of [caller, ...helpers]) worker.terminate();
    URL.revokeObjectURL(helperScript);
    URL.revokeObjectURL(callerScript);
    return times;
  }, { k, samples, regionsPerSample, idleUs, helperSource: WAKE_FLOOR_HELPER, callerSource: WAKE_FLOOR_CALLER }));
}

// Twice: regions back to back, where native rayon's workers are still
// spinning from the last one, and regions that each follow an idle
// millisecond, as a run follows the page's own work, when the workers of both
// have gone to sleep.
async function dispatchFigures(page, log) {
  const { ks, samples, regionsPerSample, afterIdleUs } = fixedCosts.dispatch;
  const figures = [];
  for (const idleUs of [0, afterIdleUs]) {
    const how = idleUs ? `, each after ${idleUs / 1000} ms idle` : '';
    log(`native: ${samples} × ${regionsPerSample} empty parallel regions${how} on rayon at k = ${ks.join(', ')} …`);
    const native = nativeDispatchUs(fixedCosts.dispatch, idleUs);
    for (const k of ks) {
      log(`browser: ${samples} × ${regionsPerSample} empty parallel regions${how} at k = ${k}${idleUs ? ', and the browser\'s floor under them' : ''} …`);
      const times = await page.evaluate((args) => window.parlab.measureDispatch(...args), [k, samples, regionsPerSample, { idleUs }]);
      const floor = idleUs ? { floorMedianUs: median(await wakeFloorUs(page, k, fixedCosts.dispatch, idleUs)) } : {};
      figures.push({
        k, idleUs, medianUs: median(times), p10Us: quantile(times, 0.1), p90Us: quantile(times, 0.9), nativeMedianUs: median(native.get(k)), ...floor,
      });
    }
  }
  return figures;
}

// A sweep of k waiting requests that neither wait nor work, on a page of its
// own, whose engine starts with no helpers (on the bench's page, the helpers
// of earlier sweeps would be found running, with the start-up measured when
// they started): the record's start-up of k is the time from none to a pool of k.
function freshStartupMs(page, k) {
  return inFreshPage(page, async (fresh) => {
    const record = await fresh.evaluate((workers) => window.parlab.sweep({
      experiment: 'requests', params: { requests: workers, wait_ms: 0, request_work: 0 }, workers: [workers], repetitions: 1,
    }), k);
    return record.startupMsByK[k];
  });
}

// The floor under a pool's start-up: k module workers that do nothing but
// answer, started together in a fresh page of the same browser, timed until
// the last has answered. A helper also imports the glue and instantiates the
// module; this is what Chromium itself takes to start k workers.
function emptyWorkersMs(page, k) {
  return inFreshPage(page, (fresh) => fresh.evaluate(async (count) => {
    const script = URL.createObjectURL(new Blob(['postMessage("ready");'], { type: 'text/javascript' }));
    const start = performance.now();
    const workers = Array.from({ length: count }, () => new Worker(script, { type: 'module' }));
    await Promise.all(workers.map((worker) => new Promise((resolve) => { worker.onmessage = resolve; })));
    const elapsed = performance.now() - start;
    for (const worker of workers) worker.terminate();
    URL.revokeObjectURL(script);
    return elapsed;
  }, k));
}

const spreadOf = (times) => ({ medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), times });

async function startupFigures(page, log) {
  const { ks, engines } = fixedCosts.startup;
  const startups = [];
  for (const k of ks) {
    log(`browser: pool start-up of k = ${k} on ${engines} fresh engines …`);
    const times = [];
    for (let i = 0; i < engines; i++) times.push(await freshStartupMs(page, k));
    startups.push({ k, ...spreadOf(times) });
  }
  const { k } = fixedCosts.emptyWorkers;
  log(`browser: ${k} empty module workers, ${engines} times …`);
  const times = [];
  for (let i = 0; i < engines; i++) times.push(await emptyWorkersMs(page, k));
  return { startups, emptyWorkers: { k, ...spreadOf(times) } };
}

// One run per sweep (after its warm-up), the engines alternating and taking
// turns to go first, so that load from elsewhere on the machine hits both alike.
async function processesFigures(page, log) {
  const { repetitions } = fixedCosts.processes;
  const figures = [];
  for (const { id, title } of experiments) {
    log(`browser: ${id} at its defaults, k = 1, threads and processes in turn …`);
    const runs = { threads: [], processes: [] };
    for (let round = 0; round < repetitions; round++) {
      for (const engine of round % 2 ? ['processes', 'threads'] : ['threads', 'processes']) {
        const record = await page.evaluate((options) => window.parlab.sweep(options), { experiment: id, workers: [1], repetitions: 1, engine });
        runs[engine].push(record.runs[0]);
      }
    }
    const medianOf = (engine, pick) => median(runs[engine].map(pick));
    const [processesMs, threadsMs] = [medianOf('processes', (r) => r.timeMs), medianOf('threads', (r) => r.timeMs)];
    // Where the processes engine's extra time went: its worker's waits for messages, and its computing.
    const accounts = {
      processes: { messageMs: medianOf('processes', (r) => r.account.workerMs.message), computeMs: medianOf('processes', (r) => r.account.workerMs.compute) },
      threads: { computeMs: medianOf('threads', (r) => r.account.workerMs.compute) },
    };
    figures.push({ experiment: id, title: title.split(':')[0].toLowerCase(), processesMs, threadsMs, ratio: processesMs / threadsMs, accounts });
  }
  return figures;
}

/**
 * The fixed costs as bench/results/latest.json keeps them: { dispatch,
 * startups, emptyWorkers, processes }, of the groups whose name `wanted`
 * accepts ('dispatch', 'processes ÷ threads', 'pool start-up'). The start-ups
 * come last, so that engines of 64 helpers being torn down cannot weigh on the
 * timed runs.
 */
export async function measureFixedCosts(page, log, wanted) {
  return {
    ...wanted('dispatch') && { dispatch: await dispatchFigures(page, log) },
    ...wanted('processes ÷ threads') && { processes: await processesFigures(page, log) },
    ...wanted('pool start-up') && await startupFigures(page, log),
  };
}
