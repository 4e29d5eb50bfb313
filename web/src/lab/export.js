// A finished sweep as files: JSON (everything) and CSV (one row per repetition).
import { fittedKs } from './analysis.js';
import { machineState } from './quiet-check.js';
import { speedupStack } from './speedup-stack.js';

/** The JSON record of a sweep: what ran, where, and every repetition's time. */
export function sweepRecord({ experiment, engine, mode, params, ks, repetitions, includeStartup, fitAllK = false, gil = null, inFlight, sweep, quiet = null, environment }) {
  const record = {
    parlab: 1,
    experiment,
    engine,
    // { switchIntervalMs, held }: the GIL the sweep asked for, held only on the threads engine; null without one.
    gil,
    ...(engine === 'processes' && { inFlight }),
    mode,
    params,
    ks,
    repetitions,
    includeStartup,
    fitAllK,
    hardwareConcurrency: environment.hardwareConcurrency,
    userAgent: environment.userAgent,
    date: environment.date,
    startupMsByK: Object.fromEntries(sweep.startupMsByK),
    // Of each k's helpers, how many were already running when its warm-up came (their start-up was measured when they started).
    warmHelpersByK: Object.fromEntries(sweep.warmHelpersByK ?? []),
    // What making the experiment's data cost at each k's warm-up, outside the timed runs (data experiments only).
    ...(sweep.dataMsByK?.size && { dataMsByK: Object.fromEntries(sweep.dataMsByK) }),
    // The quiet check before the first run: { freeCores, cores, msPerSpin } (see quiet-check.js).
    ...(quiet && { quiet }),
    // Every run's time and its account: worker milliseconds by kind, and the merge's (see speedup-stack.js).
    runs: sweep.runs.map(({ k, repetition, timeMs, spanMs, checksum, account, details, bytesMoved }) => ({
      k, repetition, timeMs, ...(spanMs !== undefined && { spanMs }), checksum, ...(account && { account }), ...(details && { details }), ...(bytesMoved && { bytesMoved }),
    })),
  };
  return withDerived(record);
}

/**
 * What a record's own figures imply, kept in the export beside them: the k the
 * models are fitted to, whether the machine was busy, and the speedup stack.
 */
export function withDerived(record) {
  return { ...record, fittedKs: fittedKs(record), machine: machineState(record), stack: speedupStack(record) };
}

const csvCell = (value) => {
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function sweepCsv(record) {
  const header = ['experiment', 'engine', 'mode', 'params', 'k', 'repetition', 'time_ms', 'startup_ms', 'checksum', 'hardware_concurrency', 'user_agent'];
  const lines = record.runs.map((run) => [
    record.experiment, record.engine, record.mode, record.params, run.k, run.repetition, run.timeMs, record.startupMsByK[run.k] ?? '',
    run.checksum ?? '', record.hardwareConcurrency, record.userAgent,
  ].map(csvCell).join(','));
  return [header.join(','), ...lines].join('\n') + '\n';
}

export function download(filename, content, type) {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A chart's SVG as a standalone file (Plot may wrap it in a figure with a legend). */
export function svgFile(container) {
  const svg = container.querySelector('svg:not([class*="swatch"])') ?? container.querySelector('svg');
  const copy = svg.cloneNode(true);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new XMLSerializer().serializeToString(copy);
}
