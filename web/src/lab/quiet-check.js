// Is the machine quiet? Before a sweep, a short fixed spin runs on one worker
// and then on as many workers as the browser reports cores; how much slower
// each worker spun when all spun at once tells how many cores were really
// free. With the spread of the one-worker runs, this decides whether a sweep
// ran on a busy machine, which every sentence and verdict then says.

/** A sweep is busy when fewer cores than this short of the reported ones were free. */
export const BUSY_CORE_MARGIN = 0.5;
/** …or when its one-worker runs spread more than this, (max − min) / median, */
export const NOISY_SPREAD = 0.15;
/**
 * …by at least this much: runs of a fraction of a millisecond differ by more
 * than 15 % from timer steps and wake-ups alone, with nothing else running.
 */
export const NOISE_FLOOR_MS = 1;
/**
 * One-worker runs shorter than this (median) are told to grow: a millisecond
 * of the browser's own work (compiling, collecting garbage, waking a worker)
 * is a large share of them.
 */
export const SHORT_RUN_MS = 20;

// About this long per spin (a toast), and this many per worker: about 40 ms
// at once, long beside the scheduler's ticks of a few ms.
const TARGET_TASK_MS = 8;
const TASKS_PER_WORKER = 5;
const CALIBRATION_ROUNDS_K = 100;

const toasts = (count, work) => ({ toasts: count, toast_work: work, chunk_overhead: 0, toasts_per_chunk: 1, seed: 1 });

/** Per worker lane of a run's result: the spins it did and the time it spent computing them. */
function lanesOf(result) {
  const lanes = new Map();
  for (const r of result.records) {
    if (Number.isInteger(r.worker) && r.kind === 'compute') lanes.set(r.worker, (lanes.get(r.worker) ?? 0) + r.task_count);
  }
  return [...lanes].map(([lane, tasks]) => ({
    tasks,
    computeMs: result.totals.filter((t) => t.lane === lane && t.kind === 'compute').reduce((sum, t) => sum + t.ms, 0),
  }));
}

/**
 * How many cores' worth of spinning the workers did at once: each worker
 * counts its speed against one worker spinning alone, at most 1.
 */
export function freeCoresFrom(singleMsPerTask, lanes) {
  return lanes.reduce((sum, { tasks, computeMs }) => sum + (computeMs > 0 ? Math.min(1, (singleMsPerTask * tasks) / computeMs) : 0), 0);
}

// A moment's bad luck (the operating system putting both workers on one core
// until its next tick, the page painting, the browser compiling a page it has
// just loaded) can slow a probe on a quiet machine, while a program that keeps
// a core busy slows every probe, though a probe may be lucky now and then: the
// second best of a few probes, a short pause apart, is the machine's state (on
// a quiet machine the first two usually find the cores free, and it stops). On
// a busy machine that costs about half a second.
const PROBES = 4;
const PAUSE_BETWEEN_PROBES_MS = 120;

/**
 * Measures the free cores on `engine` (its pool of `cores` workers already
 * started): `{ freeCores, cores, msPerSpin, probes }`, the second best of up
 * to `PROBES` probes (it stops once two have found the cores free).
 */
export async function measureFreeCores(engine, cores) {
  // Twice: the first run may still use the browser's quick first compilation of the spin, which is slower.
  await engine.run('toasts', toasts(1, CALIBRATION_ROUNDS_K), 1);
  const calibration = await engine.run('toasts', toasts(1, CALIBRATION_ROUNDS_K), 1);
  const perRound = Math.max(1e-6, lanesOf(calibration)[0]?.computeMs ?? 1) / CALIBRATION_ROUNDS_K;
  const work = Math.max(1, Math.min(100000, Math.round(TARGET_TASK_MS / perRound)));
  const alone = async () => {
    const [lane] = lanesOf(await engine.run('toasts', toasts(TASKS_PER_WORKER, work), 1));
    return lane.computeMs / lane.tasks;
  };
  let msPerSpin = await alone();
  if (cores < 2) return { freeCores: 1, cores, msPerSpin, probes: [] };
  const probes = [];
  const free = () => probes.filter((p) => p >= cores - BUSY_CORE_MARGIN / 2).length;
  while (probes.length < PROBES && free() < 2) {
    if (probes.length > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_PROBES_MS));
    const together = lanesOf(await engine.run('toasts', toasts(TASKS_PER_WORKER * cores, work), cores));
    // One worker alone, before and after: the faster is what a free core does.
    msPerSpin = Math.min(msPerSpin, await alone());
    probes.push(Math.min(cores, freeCoresFrom(msPerSpin, together)));
  }
  const [best, second = best] = [...probes].sort((a, b) => b - a);
  return { freeCores: second, cores, msPerSpin, probes };
}

/**
 * Whether a sweep ran on a busy machine, from its record: `{ busy, freeCores,
 * cores, oneWorkerSpread, reasons }`, where `reasons` says which test failed
 * ('cores', 'spread'). A record without a quiet check (an older import) is judged by its spread alone.
 */
export function machineState(record) {
  const cores = record.hardwareConcurrency;
  const freeCores = record.quiet?.freeCores ?? null;
  const ones = record.runs.filter((r) => r.k === 1).map((r) => r.timeMs).sort((a, b) => a - b);
  const middle = ones.length ? (ones[Math.floor((ones.length - 1) / 2)] + ones[Math.ceil((ones.length - 1) / 2)]) / 2 : null;
  const oneWorkerSpread = ones.length > 1 ? (ones.at(-1) - ones[0]) / middle : null;
  const reasons = [];
  if (freeCores !== null && cores && freeCores < cores - BUSY_CORE_MARGIN) reasons.push('cores');
  if (oneWorkerSpread !== null && oneWorkerSpread > NOISY_SPREAD && ones.at(-1) - ones[0] >= NOISE_FLOOR_MS) reasons.push('spread');
  return { busy: reasons.length > 0, freeCores, cores, oneWorkerSpread, oneWorkerMedian: middle, oneWorkerRange: ones.length ? [ones[0], ones.at(-1)] : null, reasons };
}

/** Whether the check before the sweep found the cores free, so that only the spread of its one-worker runs can have made it busy. */
export function coresFoundFree(state) {
  return state.freeCores !== null && state.freeCores !== undefined && !state.reasons.includes('cores');
}

/** The same in one line, for a slide: the figure that made the sweep busy; '' for a quiet one. */
export function busyLine(state) {
  if (!state.busy) return '';
  const figure = state.reasons.includes('cores') ? `about ${state.freeCores.toFixed(1)} of ${state.cores} cores free`
    : `1-worker runs varied by ${Math.round(100 * state.oneWorkerSpread)} %`;
  return `Busy machine (${figure}): run again when it is quiet.`;
}

/** What the page says above a busy sweep's result, with the figures it rests on; '' for a quiet one. */
export function busySentence(state) {
  if (!state.busy) return '';
  const parts = [];
  if (state.reasons.includes('cores')) {
    parts.push(`Another program was using the cores during this sweep: about ${state.freeCores.toFixed(1)} of the ${state.cores} cores the browser reports were free.`);
  }
  if (state.reasons.includes('spread')) {
    const [low, high] = state.oneWorkerRange;
    const varied = `The runs with 1 worker varied by ${Math.round(100 * state.oneWorkerSpread)} % (${low.toFixed(1)}–${high.toFixed(1)} ms)`;
    // Cores found free before the sweep do not make the spread another program's: the browser's own work can cause it too.
    parts.push(coresFoundFree(state)
      ? `${varied}, although the check before the sweep found about ${state.freeCores.toFixed(1)} of the ${state.cores} cores free: `
        + 'something took turns with the workers during the sweep, another program or the browser\'s own work (compiling, collecting garbage), '
        + 'and differences smaller than that are noise.'
      : `${varied}, so something else was taking turns on the cores, and differences smaller than that are noise.`);
    if (state.oneWorkerMedian < SHORT_RUN_MS) {
      parts.push(`Runs of ${state.oneWorkerMedian.toFixed(1)} ms (the median with 1 worker) are the most exposed to that: a larger problem makes them steadier.`);
    }
  }
  return `${parts.join(' ')} Close other tabs or programs and run again.`;
}
