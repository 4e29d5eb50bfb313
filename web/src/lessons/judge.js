// Judges a lesson step: reads the measured value out of the sweeps a step ran,
// compares it with the student's prediction (right, close or wrong, with the
// numbers), and picks and fills the step's explanation for what was measured.
// Pure: no DOM, no workers.
import { analyse } from '../lab/analysis.js';
import { median } from '../lab/stats.js';

/** What a step can measure in its sweep, with how each value is written. */
export const MEASURES = {
  speedup: { mode: 'speedup', format: (v) => `${v.toFixed(2)}×` },
  efficiency: { mode: 'scaleup', format: (v) => v.toFixed(2) },
  median: { format: (v) => `${v.toFixed(1)} ms` },
  // Time in the experiment's own minutes (a breakfast's minute lasts minute_ms).
  minutes: { param: 'minute_ms', format: (v) => `${v.toFixed(1)} minutes` },
  // A number the kernel reports in every run's details, such as the counter's lost updates.
  detail: { format: (v) => Math.round(v).toLocaleString('en-US') },
};

/** The value `measure` ({ what, k, name? }) reads from one sweep's export record. */
export function measuredValue(measure, record) {
  const { what, k } = measure;
  if (what === 'detail') {
    const values = record.runs.filter((run) => run.k === k).map((run) => Number(run.details?.[measure.name]));
    if (values.length === 0 || values.some(Number.isNaN)) throw new Error(`The runs at k = ${k} report no "${measure.name}".`);
    return median(values);
  }
  const row = analyse(record).rows.find((r) => r.k === k);
  if (!row) throw new Error(`The sweep has no k = ${k}.`);
  if (what === 'speedup') return row.speedup;
  if (what === 'efficiency') return row.efficiency;
  if (what === 'median') return row.median;
  if (what === 'minutes') return row.median / record.params.minute_ms;
  throw new Error(`A step cannot measure "${what}".`);
}

export function formatValue(measure, value) {
  return MEASURES[measure.what].format(value);
}

/**
 * A number predicted against the number measured: right within the tolerance,
 * close within twice it, wrong beyond.
 */
export function judgeNumber(predicted, measured, tolerance) {
  const off = Math.abs(predicted - measured);
  const verdict = off <= tolerance ? 'right' : off <= 2 * tolerance ? 'close' : 'wrong';
  return { verdict, predicted, measured, off };
}

/**
 * The option a measurement falls in: options are ranges given by their upper
 * bounds (`upTo`, exclusive), the last one open.
 */
export function optionOfValue(options, value) {
  const index = options.findIndex((option) => option.upTo === undefined || value < option.upTo);
  return index === -1 ? options.length - 1 : index;
}

/** The index of the best of the variants' values: 'lowest' (a time) or 'highest' (a speedup). */
export function bestVariant(values, best) {
  const pick = best === 'lowest' ? Math.min(...values) : Math.max(...values);
  return values.indexOf(pick);
}

/**
 * Judges a run step from the records of its sweeps, one per variant (one
 * record when it has no variants).
 * @returns {{ verdict, predicted, measured, text, values? }} where `predicted`
 *   and `measured` are written out (a number with its unit, or an option's label)
 */
export function judgeStep(step, records, prediction, cores) {
  const values = records.map((record) => measuredValue(step.measure, record));
  const k = step.measure.k;
  const placeholders = {
    k: String(k), cores: String(cores), coreCount: `${cores} core${cores === 1 ? '' : 's'}`, ideal: String(Math.min(k, cores)),
    values: (step.run.variants ?? []).map((variant, i) => `${variant.label}: ${formatValue(step.measure, values[i])}`).join('; '),
  };
  let judged;
  if (step.prediction.kind === 'number') {
    const { verdict, off } = judgeNumber(prediction, values[0], step.prediction.tolerance);
    const write = (v) => formatValue(step.measure, v);
    judged = { verdict, predicted: write(prediction), measured: write(values[0]), off: write(off), measuredNumber: values[0] };
  } else {
    const options = step.prediction.options;
    const measuredIndex = step.prediction.from === 'variants' ? bestVariant(values, step.prediction.best) : optionOfValue(options, values[0]);
    judged = {
      verdict: prediction === measuredIndex ? 'right' : 'wrong',
      predicted: options[prediction].label, measured: options[measuredIndex].label, measuredIndex, measuredNumber: values[0],
    };
  }
  const context = { ...placeholders, measured: judged.measured, predicted: judged.predicted, value: formatValue(step.measure, values[0]) };
  const outcome = step.outcomes.find((o) => outcomeApplies(o, judged, Number(context.ideal), cores));
  return { ...judged, values, text: fillPlaceholders(outcome.text, context) };
}

/**
 * An outcome applies when its condition holds for what was measured:
 * `below` (a number, or 'ideal' = min(k, cores), or 'cores', times `times`),
 * `is` (the measured option of a choice), or no condition (the last one, for everything else).
 */
export function outcomeApplies(outcome, { measuredNumber, measuredIndex }, ideal, cores) {
  if (outcome.is !== undefined) return outcome.is === measuredIndex;
  if (outcome.below !== undefined) {
    const base = outcome.below === 'ideal' ? ideal : outcome.below === 'cores' ? cores : outcome.below;
    return measuredNumber < base * (outcome.times ?? 1);
  }
  return true;
}

/** The placeholders an explanation may use, {name} in its text. */
export const PLACEHOLDERS = ['measured', 'predicted', 'value', 'values', 'k', 'cores', 'coreCount', 'ideal'];

export function fillPlaceholders(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

/** What the student reads after a run: "You predicted X, parlab measured Y on this machine", and the verdict. */
export function verdictSentence({ verdict, predicted, measured, off }, kind) {
  const said = `You predicted ${predicted}, parlab measured ${measured} on this machine.`;
  if (kind === 'choice') return `${said} ${verdict === 'right' ? 'Right.' : 'Not what this machine did.'}`;
  const how = { right: 'Right: within the tolerance.', close: `Close: off by ${off}.`, wrong: `Off by ${off}.` }[verdict];
  return `${said} ${how}`;
}
