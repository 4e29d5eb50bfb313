// Everything the page draws with Observable Plot, in one chunk that the page
// fetches at its first Run (or the first result it shows), so that a first
// visit loads no charting code: the results, the lessons' charts and
// timelines, and "Your machine"'s bandwidth chart.
import { analyse } from '../lab/analysis.js';
import { experimentById } from '../experiments/index.js';
import { bandwidthChart } from '../charts/bandwidth-chart.js';
import { scaleupChart } from '../charts/scaleup-chart.js';
import { speedupChart } from '../charts/speedup-chart.js';
import { timeChart } from '../charts/time-chart.js';
import { timelineChart } from '../charts/timeline.js';
import { withTextAlternative } from '../charts/text-alternative.js';

export { showResults, showTimeline } from './results-view.js';

/** A lesson step's timeline of one run, in its experiment's own view where it has one (a breakfast's cooks and machines). */
export function lessonTimeline(record, run, size) {
  const view = experimentById(record.experiment).timelineView?.(run, record.params);
  return withTextAlternative(timelineChart(run, { ...size, view }), `Timeline of one run: one lane per ${view?.yLabel ?? 'worker'}, one bar per piece of work.`);
}

/** The lab's main chart for a lesson step's sweeps (overlaid when a step compares variants), as an image named by what it shows. */
export function lessonChart(series, size, { byTime = false, cores = null } = {}) {
  const { mode, ks } = series[0].record;
  // Variants judged by their times are compared by their times: each one's speedup over its own one-worker time would not compare.
  const measured = byTime ? 'median time' : mode === 'scaleup' ? 'scaled efficiency' : 'speedup';
  const label = `Chart of the ${measured} against the workers k = ${ks.join(', ')}`
    + `${series.length > 1 ? ` for ${series.map((s) => s.label).join(' and ')}` : ''}; the explanation beside it quotes the numbers.`;
  if (byTime) return withTextAlternative(timeChart(series.map(({ label: name, record }) => ({ label: name, rows: analyse(record).rows })), size), label);
  if (mode === 'scaleup') {
    const { rows, serialFraction } = analyse(series[0].record);
    return withTextAlternative(scaleupChart(rows, { serialFraction, cores, ...size }), label);
  }
  return withTextAlternative(speedupChart(series.map(({ label: name, record }) => ({ label: name, ...analyse(record) })), { cores, ...size }), label);
}

/** "Your machine"'s bandwidth of 1..k workers, as an image described by `describedBy`. */
export function bandwidthFigure(summary, cores, describedBy) {
  return withTextAlternative(bandwidthChart(summary, { cores }),
    `Chart: memory bandwidth of 1 to ${summary.rows.at(-1).k} workers as a gain over one worker, at most ${summary.ceiling.toFixed(2)}×; `
    + 'the figures are in the table above.', [describedBy]);
}
