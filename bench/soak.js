// `npm run soak`: many short random sweeps through window.parlab on the built
// page (both engines, random experiments, parameters and worker lists, a
// cancel every few sweeps), to find what only long sessions show: failures,
// workers that are never ended, memory that is never given back. Prints live
// workers (the engines' own counts), the page's JS heap, the resident memory
// of the page's renderer and of the whole browser at the start, after the
// first probe sweeps, after the warm-up (50 sweeps) and after the last probe
// sweeps; after each probe it first waits until the engines, idle, have been
// renewed with only their warm helpers (engine.js, IDLE_RENEW_MS), then until
// Chromium has given the old engines' memory back. Targets: the browser after the last
// probe within 10 % of after the first; the page's renderer after the last
// probe within 10 % of after the warm-up. tests/soak.test.js runs a short version.
//
//   node bench/soak.js [--sweeps 500] [--seed 1]
import { readFileSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { experiments } from '../web/src/experiments/index.js';
import { launchChromium } from '../tests/browser.js';
import { isolationHeaders, serveStatic } from '../tests/static-server.js';
import { IDLE_RENEW_MS } from '../web/src/engine/engine.js';

// Every few sweeps, one is cancelled while it runs.
const CANCEL_EVERY = 6;
// The browser's memory after the last probe may be at most this much above its value after the first;
// the page's renderer, at most this much above its value after the warm-up.
const MEMORY_TOLERANCE = 0.1;
// The renderer is judged after this many sweeps: the first ones fill caches and compile code that stays.
const WARM_UP_SWEEPS = 50;
// Between the samples, the renderer's memory is read this often (without waiting for a release), to show its course.
const TRACE_EVERY = 50;
const ENGINES = ['threads', 'processes'];
// Chromium gives the memory of ended Web Workers back to the system only
// after garbage collections, in steps that came up to 20 s after the workers
// ended (with no collection, not at all while the page is idle). The two
// compared samples collect garbage every RELEASE_STEP_MS for at least
// RELEASE_WAIT_MS, and on until the browser's memory has stopped falling for
// two steps running (at most RELEASE_WAIT_LIMIT_MS).
const RELEASE_STEP_MS = 4_000;
const RELEASE_WAIT_MS = 24_000;
const RELEASE_WAIT_LIMIT_MS = 60_000;

// The same big-k sweep first and last on each engine, so that memory is compared at the same size.
const probe = (engine) => ({ experiment: 'requests', params: { requests: 64, wait_ms: 1, request_work: 0 }, workers: [1, 64], repetitions: 1, engine });

// Small parameters, so that each sweep takes about a second.
const smallParams = {
  toasts: (r) => ({ toasts: r.int(1, 200), toast_work: r.int(0, 20), chunk_overhead: r.int(0, 5), toasts_per_chunk: r.int(1, 20), seed: r.int(0, 1000) }),
  mandelbrot: (r) => ({ size: r.int(16, 128), max_iter: r.int(1, 300), schedule: r.pick(['dynamic', 'static_blocks', 'static_interleaved']), chunk: r.int(1, 16) }),
  requests: (r) => ({ requests: r.int(1, 64), wait_ms: r.int(0, 5), request_work: r.int(0, 5), seed: r.int(0, 1000) }),
  fork_join: (r) => ({ elements: r.int(1, 50000), cutoff: r.int(256, 8192), seed: r.int(0, 1000) }),
  image_batch: (r) => {
    const side = r.int(1, 128);
    return { images: r.int(1, 40), side, thumb_side: r.int(1, side), images_per_chunk: r.int(1, 8), seed: r.int(0, 1000), pixels: r.pick(['read', 'sent']) };
  },
  // Only the strategies that count exactly: the race's result varies by design (tests/counter.test.js checks it).
  counter: (r) => ({ increments: r.int(1, 300000), strategy: r.pick(['lock', 'atomic', 'partials']), increments_per_chunk: r.int(1000, 100000) }),
  queue: (r) => ({ jobs: r.int(1, 100), capacity: r.int(1, 16), job_work: r.int(0, 20), producer_work: r.int(0, 20), seed: r.int(0, 1000) }),
  pipeline: (r) => ({
    items: r.int(1, 100), read_work: r.int(0, 20), parse_work: r.int(0, 20), transform_work: r.int(0, 20), write_work: r.int(0, 20),
    capacity: r.int(1, 8), form: r.pick(['pipeline', 'data_parallel']), stage_workers: r.pick(['auto', '1,1,2,1', '2,1,1,1']),
  }),
  scan: (r) => ({ rows: r.int(1, 50000), selectivity: r.int(0, 100), udf_work: r.int(0, 50), gather: r.pick(['rows', 'sum']), seed: r.int(0, 1000) }),
  partitions: (r) => {
    const from = r.int(0, 364);
    return {
      rows: r.int(64, 50000), partitions: r.int(1, 64), split: r.pick(['whole', 'split_large']), partition_work: r.int(0, 5), row_work: r.int(0, 20),
      layout: r.pick(['rows', 'day']), day_from: from, day_to: r.int(from, 364), pruning: r.pick(['on', 'off']), seed: r.int(0, 1000),
    };
  },
  aggregate: (r) => ({
    rows: r.int(1, 100000), customers: r.int(1, 2000), customer_skew: r.pick(['0', '1', '2.5']), group_by: r.pick(['customer', 'region']),
    strategy: r.pick(['one_lock', 'sharded_locks', 'partials']), shards: r.int(1, 32), seed: r.int(0, 1000),
  }),
  word_count: (r) => ({ words: r.int(1, 100000), vocabulary: r.int(1, 5000), word_skew: r.pick(['0', '1', '2.5']), combiner: r.pick(['on', 'off']), seed: r.int(0, 1000) }),
  breakfast: (r) => ({
    tasks: r.pick(['coffee 5 machine; toast1 2 machine; toast2 2 machine after toast1', 'egg 3 hands; juice 1 hands after egg; tea 2 machine']),
    way: r.pick(['synchronous', 'asynchronous', 'parallel']), minute_ms: r.int(1, 5), breakfasts: r.int(1, 2),
  }),
  join: (r) => ({ orders: r.int(1, 50000), customers: r.int(1, 5000), customer_skew: r.pick(['0', '1', '2', '3']), strategy: r.pick(['broadcast', 'repartition']), seed: r.int(0, 1000) }),
  sample_sort: (r) => ({ elements: r.int(1, 50000), seed: r.int(0, 1000), keys: r.pick(['uniform', 'duplicates']), splitters: r.pick(['sample', 'oversampled']) }),
};

/** A small seeded generator (mulberry32), so that a soak can be repeated exactly. */
export function randomSource(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  return { next, int, pick: (list) => list[int(0, list.length - 1)] };
}

/** One random sweep: 1 to 3 worker counts, spread evenly on a log scale up to the experiment's limit (and 64). */
export function randomSweep(random, cores) {
  const experiment = random.pick(experiments);
  const maxK = Math.min(64, experiment.maxWorkers(cores));
  const workers = [...new Set(Array.from({ length: random.int(1, 3) }, () => Math.round(2 ** (random.next() * Math.log2(maxK)))))];
  const mode = random.next() < 0.2 ? 'scaleup' : 'speedup';
  return { experiment: experiment.id, params: smallParams[experiment.id](random), workers, repetitions: random.int(1, 2), mode, engine: random.pick(ENGINES) };
}

/**
 * Every process below this one (the browser and its children), each with its
 * Chromium process type ('browser', 'renderer', 'gpu-process', 'utility', …)
 * and resident memory (VmRSS, MB). Linux only.
 */
export function browserProcesses(root = process.pid) {
  const children = new Map();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      // The parent pid is the second field after the parenthesised command name.
      const parent = Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const processes = [];
  const below = [...(children.get(root) ?? [])];
  while (below.length > 0) {
    const pid = below.pop();
    below.push(...(children.get(pid) ?? []));
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const type = /--type=([\w-]+)/.exec(commandLine)?.[1] ?? 'browser';
      const service = /--utility-sub-type=([\w.]+)/.exec(commandLine)?.[1];
      processes.push({ pid, type, ...(service && { service }), mb: kb / 1024 });
    } catch {
      // Ended meanwhile.
    }
  }
  return processes;
}

// Runs one sweep in the page; a cancel, if asked for, comes `cancelAfterMs` after the start.
function sweepInPage(page, options, cancelAfterMs) {
  return page.evaluate(async ({ options, cancelAfterMs }) => {
    const sweep = window.parlab.sweep(options);
    const timer = cancelAfterMs === null ? null : setTimeout(() => window.parlab.cancel(), cancelAfterMs);
    try {
      const record = await sweep;
      const checksumsByK = {};
      for (const run of record.runs) (checksumsByK[run.k] ??= new Set()).add(run.checksum);
      return { outcome: 'done', ks: record.ks, mode: record.mode, checksumsByK: Object.fromEntries(Object.entries(checksumsByK).map(([k, s]) => [k, [...s]])) };
    } catch (error) {
      return { outcome: error.name === 'CancelledError' ? 'cancelled' : 'failed', message: error.message };
    } finally {
      clearTimeout(timer);
    }
  }, { options, cancelAfterMs });
}

// A finished sweep is wrong when one k computed different results, or (speedup) two k did.
function wrongResult({ checksumsByK, mode }) {
  const perK = Object.values(checksumsByK);
  if (perK.some((sums) => sums.length !== 1)) return 'repetitions of one k computed different checksums';
  if (mode === 'speedup' && new Set(perK.flat()).size !== 1) return 'different k computed different checksums';
  return null;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Chromium starts this utility process by itself about 3 minutes after launch,
// with or without a page (seen with about:blank), and keeps it (about 90 MB);
// no --disable-features we tried stops it. It is not the page's memory, so
// the browser's total leaves it out (the report prints it).
const isOnDeviceModelService = (p) => p.service?.startsWith('on_device_model.') ?? false;
const totalMb = (processes) => processes.filter((p) => !isOnDeviceModelService(p)).reduce((sum, p) => sum + p.mb, 0);

// Collects garbage in the page every RELEASE_STEP_MS, for RELEASE_WAIT_MS and
// until the browser's memory has fallen by less than 1 MB in each of the last two steps.
async function memoryReleased(cdp) {
  const started = Date.now();
  let before = totalMb(browserProcesses());
  let steady = 0;
  while ((steady < 2 || Date.now() - started < RELEASE_WAIT_MS) && Date.now() - started < RELEASE_WAIT_LIMIT_MS) {
    await cdp.send('HeapProfiler.collectGarbage');
    await sleep(RELEASE_STEP_MS);
    const now = totalMb(browserProcesses());
    steady = before - now < 1 ? steady + 1 : 0;
    before = now;
  }
}

/**
 * Runs the soak; resolves with { samples, failures, cancels, worstLiveWorkers, memoryTarget }.
 * `log` gets one line per notable event and the printed tables.
 */
export async function runSoak({ sweeps = 500, seed = 1, warmUp = WARM_UP_SWEEPS, log = console.log } = {}) {
  const server = await serveStatic('dist', { headers: isolationHeaders });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    await page.waitForFunction(() => window.parlab);
    const cdp = await page.context().newCDPSession(page);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const random = randomSource(seed);

    const samples = [];
    // `afterRelease`: first wait for Chromium to give back the memory of the
    // workers the engines have ended (see RELEASE_STEP_MS).
    const sample = async (when, { afterRelease = false } = {}) => {
      if (afterRelease) await memoryReleased(cdp);
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const live = await page.evaluate(() => window.parlab.liveWorkers());
      samples.push({ when, live, heapMb: usedSize / 2 ** 20, processes: browserProcesses() });
    };

    const failures = [];
    const cancels = { asked: 0, cancelled: 0 };
    // Once idle, each engine is renewed with a coordinator and one warm helper per core: waits (polling) until it has been.
    const settle = async (when) => {
      const deadline = Date.now() + IDLE_RENEW_MS + 15_000;
      for (;;) {
        const { byEngine } = await page.evaluate(() => window.parlab.liveWorkers());
        if (ENGINES.every((e) => (byEngine[e] ?? 0) <= 1 + cores)) return;
        if (Date.now() > deadline) {
          const problem = `idle for ${(IDLE_RENEW_MS + 15_000) / 1000} s, the engines still kept ${JSON.stringify(byEngine)} workers`;
          failures.push({ number: when, problem });
          log(`  ! ${when}: ${problem}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };

    const worstLiveWorkers = Object.fromEntries(ENGINES.map((e) => [e, { live: 0, largestK: 0, allowed: 1 + cores }]));
    const largestKOf = {};
    const runOne = async (number, options, cancel) => {
      const cancelAfterMs = cancel ? random.int(0, 400) : null;
      const result = await sweepInPage(page, options, cancelAfterMs);
      if (cancel) cancels.asked += 1;
      if (result.outcome === 'cancelled') cancels.cancelled += 1;
      const problem = result.outcome === 'failed' ? result.message : result.outcome === 'done' ? wrongResult(result) : null;
      if (problem) {
        failures.push({ number, options, problem });
        log(`  ! sweep ${number} failed: ${problem}\n    ${JSON.stringify(options)}`);
      }
      // Sweep after sweep, each engine may keep its coordinator and the workers
      // of the biggest sweep since it was last idle, or, if more, the one warm
      // helper per core it keeps between sweeps; no more.
      largestKOf[options.engine] = Math.max(largestKOf[options.engine] ?? 1, ...options.workers);
      const { byEngine } = await page.evaluate(() => window.parlab.liveWorkers());
      for (const engine of ENGINES) {
        const allowed = 1 + Math.max(cores, largestKOf[engine] ?? 0);
        if (byEngine[engine] > allowed) {
          failures.push({ number, options, problem: `${engine} has ${byEngine[engine]} live workers; at most ${allowed} expected` });
          log(`  ! after sweep ${number}: ${engine} has ${byEngine[engine]} live workers, more than ${allowed}`);
        }
        if (byEngine[engine] > worstLiveWorkers[engine].live) worstLiveWorkers[engine] = { live: byEngine[engine], largestK: largestKOf[engine] ?? 0, allowed };
      }
    };

    // The probes on each engine, then idle until the engines have ended their extra workers and
    // Chromium has given their memory back: every sample that is compared is taken in this same state.
    const probeAndSample = async (when) => {
      for (const engine of ENGINES) await runOne(`probe ${engine}`, probe(engine), false);
      await settle(when);
      for (const engine of ENGINES) delete largestKOf[engine];
      await sample(when, { afterRelease: true });
    };
    // The course of the renderer's memory, read every TRACE_EVERY sweeps as the soak goes.
    const trace = [];
    const rendererMb = () => Math.max(0, ...browserProcesses().filter((p) => p.type === 'renderer').map((p) => p.mb));

    await sample('start');
    await probeAndSample('after the first probe');
    const started = Date.now();
    for (let number = 1; number <= sweeps; number++) {
      await runOne(number, randomSweep(random, cores), number % CANCEL_EVERY === 0);
      if (number === warmUp && warmUp < sweeps) await probeAndSample(`after the warm-up (sweep ${number})`);
      if (number % TRACE_EVERY === 0) {
        trace.push({ sweep: number, mb: rendererMb() });
        log(`  … ${number} of ${sweeps} sweeps, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
    }
    await probeAndSample('after the last probe');
    for (const message of pageErrors) failures.push({ number: '-', problem: `uncaught in the page: ${message}` });

    // The page's renderer (the page and all its workers): the biggest renderer once the probe has run.
    const pagePid = samples[1].processes.filter((p) => p.type === 'renderer').sort((a, b) => b.mb - a.mb)[0]?.pid;
    for (const s of samples) {
      s.browserMb = totalMb(s.processes);
      s.onDeviceModelMb = s.processes.filter(isOnDeviceModelService).reduce((sum, p) => sum + p.mb, 0);
      s.pageMb = s.processes.find((p) => p.pid === pagePid)?.mb ?? 0;
    }
    const [first, last] = [samples[1], samples.at(-1)];
    const warm = samples.find((s) => s.when.startsWith('after the warm-up'));
    const memoryTarget = {
      first: first.browserMb, last: last.browserMb, pass: last.browserMb <= first.browserMb * (1 + MEMORY_TOLERANCE),
      pageFirst: first.pageMb, pageLast: last.pageMb,
      ...(warm && { pageWarm: warm.pageMb, pagePass: last.pageMb <= warm.pageMb * (1 + MEMORY_TOLERANCE) }),
    };
    const userAgent = await page.evaluate(() => navigator.userAgent);
    printReport({ log, sweeps, seed, cores, userAgent, samples, trace, failures, cancels, worstLiveWorkers, memoryTarget, seconds: (Date.now() - started) / 1000 });
    return { samples, trace, failures, cancels, worstLiveWorkers, memoryTarget };
  } finally {
    await browser.close();
    await server.close();
  }
}

const percentChange = (from, to) => `${to >= from ? '+' : ''}${((to / from - 1) * 100).toFixed(1)} %`;

function printReport({ log, sweeps, seed, cores, userAgent, samples, trace, failures, cancels, worstLiveWorkers, memoryTarget, seconds }) {
  log(`\nsoak: ${sweeps} random sweeps (seed ${seed}) in ${seconds.toFixed(0)} s, ${cores} cores, ${userAgent}`);
  log(`${'when'.padEnd(26)} ${'live workers (threads + processes)'.padStart(36)} ${'JS heap MB'.padStart(11)} ${'page RSS MB'.padStart(12)} ${'browser RSS MB'.padStart(15)}`);
  for (const { when, live, heapMb, pageMb, browserMb } of samples) {
    const workers = `${live.total} (${ENGINES.map((e) => live.byEngine[e] ?? 0).join(' + ')})`;
    log(`${when.padEnd(26)} ${workers.padStart(36)} ${heapMb.toFixed(1).padStart(11)} ${pageMb.toFixed(0).padStart(12)} ${browserMb.toFixed(0).padStart(15)}`);
  }
  log(`failures: ${failures.length}; cancels: ${cancels.cancelled} of ${cancels.asked} asked for took effect (the others came after the sweep had ended)`);
  log(`most live workers after a sweep: ${ENGINES.map((e) => `${e} ${worstLiveWorkers[e].live} (the largest k since it was idle: ${worstLiveWorkers[e].largestK}, at most ${worstLiveWorkers[e].allowed} with the coordinator and the warm helpers)`).join('; ')}`);
  log(`memory target: browser RSS after the last probe (${memoryTarget.last.toFixed(0)} MB) within ${MEMORY_TOLERANCE * 100} % of its value after the first (${memoryTarget.first.toFixed(0)} MB; ${percentChange(memoryTarget.first, memoryTarget.last)}): ${memoryTarget.pass ? 'pass' : 'FAIL'}`);
  const leftOut = samples.filter((s) => s.onDeviceModelMb > 0).map((s) => `${s.when}: ${s.onDeviceModelMb.toFixed(0)} MB`);
  if (leftOut.length > 0) log(`not counted: Chromium's on-device model service, which it starts by itself about 3 min after launch (${leftOut.join(', ')})`);
  log(`page's renderer (the page and its workers): ${memoryTarget.pageFirst.toFixed(0)} MB after the first probe, ${memoryTarget.pageLast.toFixed(0)} MB after the last (${percentChange(memoryTarget.pageFirst, memoryTarget.pageLast)})`);
  if (memoryTarget.pageWarm !== undefined) {
    log(`renderer target: after the last probe (${memoryTarget.pageLast.toFixed(0)} MB) within ${MEMORY_TOLERANCE * 100} % of its value after the warm-up (${memoryTarget.pageWarm.toFixed(0)} MB; ${percentChange(memoryTarget.pageWarm, memoryTarget.pageLast)}): ${memoryTarget.pagePass ? 'met' : 'NOT met'}`);
  }
  if (trace.length > 0) log(`renderer while the sweeps ran, MB (every ${TRACE_EVERY} sweeps, not after a release): ${trace.map((t) => `${t.sweep}: ${t.mb.toFixed(0)}`).join(', ')}`);
  log(`probe sweep: ${JSON.stringify(probe('…'))} on each engine. Resident memory: the sum of VmRSS of the browser's processes (shared pages count more than once); page: its renderer alone.`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const option = (name, fallback) => {
    const at = process.argv.indexOf(`--${name}`);
    return at < 0 ? fallback : Number(process.argv[at + 1]);
  };
  const sweeps = option('sweeps', 500);
  const seed = option('seed', Date.now() % 100000);
  if (!Number.isInteger(sweeps) || sweeps < 1 || !Number.isInteger(seed)) {
    console.error('usage: node bench/soak.js [--sweeps N] [--seed S]');
    process.exit(2);
  }
  const { failures } = await runSoak({ sweeps, seed });
  process.exitCode = failures.length > 0 ? 1 : 0;
}
