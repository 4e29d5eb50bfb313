// Judges a lesson step: reads the measured value and its range out of the
// sweeps a step ran, compares it with the student's prediction (right when the
// prediction lies in the measured range or within the tolerance of it, close
// within twice that, wrong beyond), and picks and fills the step's explanation
// for what was measured. A busy machine never marks a prediction wrong: it
// says so instead. Variants whose ranges overlap are a tie. Pure: no DOM, no workers.
import { lossAt } from '../lab/account-words.js';
import { analyse } from '../lab/analysis.js';
import { busyLine, busySentence, machineState } from '../lab/quiet-check.js';
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

/**
 * What `measure` ({ what, k, name? }) reads from one sweep's export record:
 * `{ value, low, high }`, the median figure and the range the repetitions
 * allow (a speedup's from the slowest to the fastest run at k, as the chart's
 * error bar; a time's from the fastest to the slowest run).
 */
export function measuredRange(measure, record) {
  const { what, k } = measure;
  if (what === 'detail') {
    const values = record.runs.filter((run) => run.k === k).map((run) => Number(run.details?.[measure.name]));
    if (values.length === 0 || values.some(Number.isNaN)) throw new Error(`The runs at k = ${k} report no "${measure.name}".`);
    return { value: median(values), low: Math.min(...values), high: Math.max(...values) };
  }
  const row = analyse(record).rows.find((r) => r.k === k);
  if (!row) throw new Error(`The sweep has no k = ${k}.`);
  if (what === 'speedup') return { value: row.speedup, low: row.speedupLow, high: row.speedupHigh };
  if (what === 'efficiency') return { value: row.efficiency, low: row.efficiencyLow, high: row.efficiencyHigh };
  if (what === 'median') return { value: row.median, low: row.min, high: row.max };
  if (what === 'minutes') {
    const minute = record.params.minute_ms;
    return { value: row.median / minute, low: row.min / minute, high: row.max / minute };
  }
  throw new Error(`A step cannot measure "${what}".`);
}

/** The median figure alone (see `measuredRange`). */
export function measuredValue(measure, record) {
  return measuredRange(measure, record).value;
}

export function formatValue(measure, value) {
  return MEASURES[measure.what].format(value);
}

/**
 * A number predicted against the range measured (`{ value, low, high }`, or a
 * bare number): right inside the range or within the tolerance of it, close
 * within twice the tolerance, wrong beyond. `off` is the distance to the
 * nearest measured figure.
 */
export function judgeNumber(predicted, measured, tolerance) {
  const { value, low, high } = typeof measured === 'number' ? { value: measured, low: measured, high: measured } : measured;
  const off = predicted < low ? low - predicted : predicted > high ? predicted - high : 0;
  const verdict = off <= tolerance ? 'right' : off <= 2 * tolerance ? 'close' : 'wrong';
  return { verdict, predicted, measured: value, off };
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

/** The variants whose ranges reach the best one's (the best among them): none of these was measured to be better than the others. */
function tiedWithBest(ranges, bestIndex) {
  const best = ranges[bestIndex];
  return ranges.map((r, i) => i).filter((i) => i === bestIndex || (ranges[i].low <= best.high && ranges[i].high >= best.low));
}

/**
 * Judges a run step from the records of its sweeps, one per variant (one
 * record when it has no variants).
 * @returns {{ verdict: 'right' | 'close' | 'wrong' | 'tie' | 'busy', predicted, measured, text, short, values, busy }}
 *   where `predicted` and `measured` are written out (a number with its unit, or an option's label)
 *   and `busy` is the busy sentence of the first busy sweep, or ''
 */
export function judgeStep(step, records, prediction, cores) {
  const ranges = records.map((record) => measuredRange(step.measure, record));
  const values = ranges.map((r) => r.value);
  const k = step.measure.k;
  const write = (v) => formatValue(step.measure, v);
  const written = (r) => (r.high - r.low > 1e-9 ? `${write(r.value)} (${write(r.low)}–${write(r.high)})` : write(r.value));
  const placeholders = {
    k: String(k), cores: String(cores), coreCount: `${cores} core${cores === 1 ? '' : 's'}`, ideal: String(Math.min(k, cores)),
    values: (step.run.variants ?? []).map((variant, i) => `${variant.label}: ${written(ranges[i])}`).join('; '),
    range: ranges[0].high - ranges[0].low > 1e-9 ? `${write(ranges[0].low)}–${write(ranges[0].high)}` : write(ranges[0].value),
  };
  // Where the workers' time went at k, from the speedup stack of each sweep: with what each loss means, and, for a slide, without.
  const lossPlaceholders = (brief) => ({
    loss: lossAt(records[0], k, { brief }),
    losses: (step.run.variants ?? [{ label: 'this run' }]).map((variant, i) => `${variant.label}: ${lossAt(records[i], k, { brief })}`).join('; '),
  });
  let judged;
  if (step.prediction.kind === 'number') {
    const { verdict, off } = judgeNumber(prediction, ranges[0], step.prediction.tolerance);
    judged = { verdict, predicted: write(prediction), measured: write(values[0]), off: write(off), measuredNumber: values[0] };
  } else {
    const options = step.prediction.options;
    const fromVariants = step.prediction.from === 'variants';
    const measuredIndex = fromVariants ? bestVariant(values, step.prediction.best) : optionOfValue(options, values[0]);
    // The options the measured range reaches: a prediction among them is right.
    const reached = fromVariants ? [measuredIndex]
      : options.map((_, i) => i).filter((i) => i >= optionOfValue(options, ranges[0].low) && i <= optionOfValue(options, ranges[0].high));
    const tied = fromVariants ? tiedWithBest(ranges, measuredIndex) : [];
    const tie = tied.length > 1;
    judged = {
      verdict: tie ? 'tie' : reached.includes(prediction) ? 'right' : 'wrong',
      predicted: options[prediction].label, measured: tie ? 'a tie' : options[measuredIndex].label, measuredIndex, measuredNumber: values[0],
      tiedLabels: tied.map((i) => options[i].label),
    };
  }
  const busyMachine = records.map((record) => record.machine ?? machineState(record)).find((machine) => machine.busy);
  const busy = busyMachine ? busySentence(busyMachine) : '';
  // On a busy machine the measurement cannot judge a prediction: no red, and the reason instead.
  if (busy && (judged.verdict === 'wrong' || judged.verdict === 'close')) judged.verdict = 'busy';
  const context = { ...placeholders, measured: judged.measured, predicted: judged.predicted, value: write(values[0]) };
  const explained = (brief) => (judged.verdict === 'tie'
    ? `Measured at k = ${k}: ${placeholders.values}. The ranges of ${judged.tiedLabels.join(' and ')} overlap, so none of them was measured to be better than the other${judged.tiedLabels.length > 2 ? 's' : ''} on this machine: a tie at this precision. Run more repetitions, or make the difference larger.`
    : fillPlaceholders(step.outcomes.find((o) => outcomeApplies(o, judged, Number(context.ideal), cores)).text, { ...context, ...lossPlaceholders(brief) }));
  const explanation = explained(false);
  // `short`: the same for a slide, where the busy machine takes one line and each loss only its figures.
  const short = `${busyMachine ? `${busyLine(busyMachine)} ` : ''}${explained(true)}`;
  return { ...judged, values, busy, text: busy ? `${busy} ${explanation}` : explanation, short };
}

/**
 * An outcome applies when its condition holds for what was measured:
 * `below` (a number, or 'ideal' = min(k, cores), or 'cores', times `times`),
 * `above` (likewise), `is` (the measured option of a choice), or no condition
 * (the last one, for everything else).
 */
export function outcomeApplies(outcome, { measuredNumber, measuredIndex }, ideal, cores) {
  if (outcome.is !== undefined) return outcome.is === measuredIndex;
  const bound = (base) => (base === 'ideal' ? ideal : base === 'cores' ? cores : base) * (outcome.times ?? 1);
  if (outcome.below !== undefined) return measuredNumber < bound(outcome.below);
  if (outcome.above !== undefined) return measuredNumber > bound(outcome.above);
  return true;
}

/** The placeholders an explanation may use, {name} in its text. */
export const PLACEHOLDERS = ['measured', 'predicted', 'value', 'values', 'range', 'loss', 'losses', 'k', 'cores', 'coreCount', 'ideal'];

export function fillPlaceholders(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

/** What the student reads after a run: "You predicted X, parlab measured Y on this machine", and the verdict. */
export function verdictSentence({ verdict, predicted, measured, off }, kind) {
  const said = `You predicted ${predicted}, parlab measured ${measured} on this machine.`;
  if (verdict === 'busy') return `${said} The machine was busy, so this run cannot judge your prediction: run again when it is quiet.`;
  if (verdict === 'tie') return `You predicted ${predicted}; the variants measured too close to tell apart on this machine.`;
  if (kind === 'choice') return `${said} ${verdict === 'right' ? 'Right.' : 'Not what this machine did.'}`;
  const how = { right: 'Right: within the measured range or the tolerance.', close: `Close: off by ${off}.`, wrong: `Off by ${off}.` }[verdict];
  return `${said} ${how}`;
}
