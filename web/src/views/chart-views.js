// Everything the page draws with Observable Plot, in one chunk that the page
// fetches at its first Run (or the first result it shows), so that a first
// visit loads no charting code: the results, the lessons' charts and
// timelines, and "Your machine"'s bandwidth chart.
import { analyse } from '../lab/analysis.js';
import { bandwidthChart } from '../charts/bandwidth-chart.js';
import { timeChart } from '../charts/time-chart.js';
import { withTextAlternative } from '../charts/text-alternative.js';
import { measuredIn, runTimeline, sweepChart } from './sweep-charts.js';

export { showResults, showTimeline } from './results-view.js';

/** A lesson step's timeline of one run. */
export const lessonTimeline = (record, run, size) => runTimeline(record, run, size, 'one run');

/** The lab's main chart for a lesson step's sweeps (overlaid when a step compares variants), as an image named by what it shows. */
export function lessonChart([sweep, ...overlays], size, { byTime = false } = {}) {
  const { mode, ks } = sweep.record;
  // Variants judged by their times are compared by their times: each one's speedup over its own one-worker time would not compare.
  const measured = byTime ? 'median time' : measuredIn(mode);
  const label = `Chart of the ${measured} against the workers k = ${ks.join(', ')}`
    + `${overlays.length ? ` for ${[sweep, ...overlays].map((s) => s.label).join(' and ')}` : ''}; the explanation beside it quotes the numbers.`;
  const chart = byTime
    ? timeChart([sweep, ...overlays].map(({ label: name, record }) => ({ label: name, rows: analyse(record).rows })), size)
    : sweepChart(sweep, { overlays, ...size });
  return withTextAlternative(chart, label);
}

/** "Your machine"'s bandwidth of 1..k workers, as an image described by `describedBy`. */
export function bandwidthFigure(summary, cores, describedBy) {
  return withTextAlternative(bandwidthChart(summary, { cores }),
    `Chart: memory bandwidth of 1 to ${summary.rows.at(-1).k} workers as a gain over one worker, at most ${summary.ceiling.toFixed(2)}×; `
    + 'the figures are in the table above.', [describedBy]);
}
