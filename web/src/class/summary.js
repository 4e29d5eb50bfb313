// What a student's page sends to the class: its prediction and the summary of
// the sweep it measured, in the shapes the class server accepts (server/src/lib.rs,
// "Shapes"): numbers, enums and checked ids only, never free text.
import { timesByK } from '../lab/analysis.js';
import { speedupRows } from '../lab/stats.js';
import { machineState } from '../lab/quiet-check.js';

/** The browser family a user agent names (a result is compared by it, never by version or device). */
export function browserFamily(userAgent = '') {
  if (/Firefox\//.test(userAgent)) return 'firefox';
  if (/Chrom(e|ium)\//.test(userAgent)) return 'chromium';
  if (/Safari\//.test(userAgent)) return 'safari';
  return 'other';
}

/**
 * The summary of a speedup sweep: per k its median, min and max time and the
 * speedup of the medians; the cores the browser reported; the quiet check.
 */
export function summaryOf(record) {
  const rows = speedupRows(timesByK(record)).slice(0, 64);
  const state = machineState(record);
  return {
    ks: rows.map((r) => ({ k: r.k, medianMs: r.median, minMs: r.min, maxMs: r.max, speedup: r.speedup })),
    cores: record.hardwareConcurrency,
    browser: browserFamily(record.userAgent),
    quiet: { freeCores: state.freeCores ?? record.hardwareConcurrency, busy: state.busy },
  };
}

/** A choice travels as its option's position: option labels are the course's text, not the student's. */
export const choiceName = (index) => `option-${index}`;

/**
 * A prediction as the server takes it: `{ number }` for a number step (and
 * for an experiment, whose prediction is a speedup), `{ choice }` for a choice step.
 */
export function predictionOf(step, value) {
  return step?.prediction?.kind === 'choice' ? { choice: choiceName(value) } : { number: value };
}
