// Runs one experiment over a list of worker counts with repetitions, and
// collects every time and every run's account of it. Knows nothing of the DOM.
import { accountRun } from './speedup-stack.js';

/**
 * The order of runs: one warm-up per k (ascending), then `repetitions` rounds;
 * each round starts at a different k so that no k always runs first or last
 * (drift, heating and caches then spread over all k instead of biasing one).
 */
export function runOrder(ks, repetitions) {
  const order = ks.map((k) => ({ k, warmUp: true }));
  for (let round = 0; round < repetitions; round++) {
    for (let i = 0; i < ks.length; i++) {
      order.push({ k: ks[(i + round) % ks.length], warmUp: false, repetition: round + 1 });
    }
  }
  return order;
}

/**
 * A warm-up goes on with more untimed runs until the warm-ups of its k have
 * taken `WARM_UP_MS` together (at most `MAX_WARM_UPS` runs). One run warms an
 * experiment of seconds; after one run of a few ms the browser is still
 * compiling the experiment's code into its optimised form, on a core that the
 * timed runs then share (docs/performance.md, "V8's dynamic tiering"). It also
 * goes on until `INPUT_FREE_WARM_UPS` runs in a row made no input (`madeInput`:
 * a process read images the first time it was given them, which it keeps): a
 * process gets different chunks from run to run, and one run that happened to
 * give each process only chunks it had seen says little. A timed run should
 * find its input made, as the threads engine's runs do.
 */
export const WARM_UP_MS = 100;
export const MAX_WARM_UPS = 10;
export const INPUT_FREE_WARM_UPS = 2;

async function warmUpFurther(runAgain, first) {
  let warmedMs = first.timeMs;
  // Runs in a row that made no input, up to now; a warm-up that never made any needs none.
  let inputFree = first.madeInput ? 0 : INPUT_FREE_WARM_UPS;
  for (let runs = 1; runs < MAX_WARM_UPS && (warmedMs < WARM_UP_MS || inputFree < INPUT_FREE_WARM_UPS); runs++) {
    const result = await runAgain();
    warmedMs += result.timeMs;
    inputFree = result.madeInput ? 0 : inputFree + 1;
  }
}

/**
 * Runs the sweep. The start-up of k is what getting k helper workers from none
 * and building a pool of k costs. The engine keeps `warmHelpers` helpers (one
 * per core) running between sweeps, and, until it is renewed after some idle
 * time (see `renewWhenIdle` in engine.js), those of a recent bigger sweep: the sweep first makes sure the warm
 * ones run, together with all of its smallest k's helpers if that k is bigger
 * (one batch: a sweep of k = 8 alone on a fresh engine pays for starting 8
 * helpers at once, which is what a cold 8 costs, not for 2 and then 6 more),
 * and the engine says what each count of the running ones cost to
 * start, timed when they started (in this sweep or an earlier one). Helpers
 * beyond those are started during the warm-ups, which go up in k, and timed
 * there. `warmHelpersByK` says how many of each k's helpers were already
 * running. At the end, the engine is asked to renew itself with `warmHelpers`
 * helpers once it has been idle for a while: sweep after sweep reuses its
 * helpers and data, and an idle page gives back their memory (several MB per
 * helper in Chromium) and all that the engine's wasm memory grew to.
 * `dataMsByK`: for experiments that read generated data, what making it cost
 * at each k's warm-up (the engines make it before their clock starts and keep
 * it, so the timed runs find it made).
 *
 * `paramsFor(k)` gives the experiment's parameters for k workers (fixed in a
 * speedup sweep, growing with k in a scale-up sweep); `runOptions` go with
 * every run (a GIL, chunks in flight). `onProgress` is called before each run,
 * and the run waits for what it returns (the page paints its progress display
 * first, so that no painting of the page shares the cores with a timed run);
 * `shouldStop()` is asked between runs. `faultInjection` (tests only) goes
 * with the warm-up of the largest k, when every worker of the sweep is alive.
 * Every timed run keeps its account
 * (its totals by kind, see speedup-stack.js), not only the last one's records.
 */
export async function runSweep({ engine, experiment, paramsFor, runOptions = {}, ks, repetitions, warmHelpers = 1, onProgress = () => {}, shouldStop = () => false, faultInjection }) {
  const ascending = [...ks].sort((a, b) => a - b);
  const runs = [];
  const timesByK = new Map(ascending.map((k) => [k, []]));
  const startupMsByK = new Map();
  const warmHelpersByK = new Map();
  const dataMsByK = new Map();
  const lastRunByK = new Map();
  const order = runOrder(ascending, repetitions);
  let startedInSweepMs = 0;
  let stopped = false;
  try {
    const coldStartMs = await engine.warmUp(Math.max(warmHelpers, ascending[0]));
    for (const [done, step] of order.entries()) {
      if (shouldStop()) {
        stopped = true;
        break;
      }
      await onProgress({ done, total: order.length, ...step });
      const fault = step.warmUp && step.k === ascending.at(-1) ? { faultInjection } : {};
      const result = await engine.run(experiment, paramsFor(step.k), step.k, { ...runOptions, ...fault });
      if (step.warmUp) {
        await warmUpFurther(() => engine.run(experiment, paramsFor(step.k), step.k, runOptions), result);
        const warm = Math.min(step.k, coldStartMs.length);
        startedInSweepMs += result.helperStartMs;
        startupMsByK.set(step.k, (coldStartMs[warm - 1] ?? 0) + startedInSweepMs + result.poolBuildMs);
        warmHelpersByK.set(step.k, warm);
        if (result.dataMs !== undefined) dataMsByK.set(step.k, result.dataMs);
      } else {
        timesByK.get(step.k).push(result.timeMs);
        runs.push({
          k: step.k, repetition: step.repetition, timeMs: result.timeMs, spanMs: result.spanMs, checksum: result.checksum, account: accountRun(result.totals, step.k),
          ...(result.details && { details: result.details }), ...(result.bytesMoved && { bytesMoved: result.bytesMoved }),
        });
      }
      lastRunByK.set(step.k, result);
    }
  } finally {
    engine.renewWhenIdle(warmHelpers);
  }
  return { runs, timesByK, startupMsByK, warmHelpersByK, dataMsByK, lastRunByK, stopped };
}
