// The charts of a measured sweep, built the same way for the lab's results and
// for a lesson step: the main chart (speedup, or scaled efficiency in
// scale-up) and the timeline of one run. Each caller names its chart for the
// page it is on (withTextAlternative), since what describes it differs there.
import { analyse } from '../lab/analysis.js';
import { experimentById } from '../experiments/index.js';
import { scaleupChart } from '../charts/scaleup-chart.js';
import { speedupChart } from '../charts/speedup-chart.js';
import { timelineChart } from '../charts/timeline.js';
import { withTextAlternative } from '../charts/text-alternative.js';

/** What the main chart of a sweep in `mode` shows, as a chart's name says it. */
export const measuredIn = (mode) => (mode === 'scaleup' ? 'scaled efficiency' : 'speedup');

/**
 * The main chart of `sweep` ({ label, record, analysis? }; `analysis` is
 * analyse(record) where the caller has it already), with the cores of the
 * machine it ran on marked: in scale-up its scaled efficiency, else its
 * speedup with the `overlays`' ({ label, record }) on the same axes.
 * @param options.prediction a what-if band's points (lab/what-if.js), or null
 */
export function sweepChart({ label, record, analysis = analyse(record) }, { overlays = [], typedParallelFraction = null, prediction = null, ...size } = {}) {
  const cores = record.hardwareConcurrency;
  if (record.mode === 'scaleup') return scaleupChart(analysis.rows, { serialFraction: analysis.serialFraction, cores, ...size });
  const series = [{ label, ...analysis }, ...overlays.map((overlay) => ({ label: overlay.label, ...analyse(overlay.record) }))];
  return speedupChart(series, { cores, typedParallelFraction, prediction, ...size });
}

/**
 * The timeline of one `run` of `record`'s sweep, in its experiment's own view
 * where it has one (a breakfast's cooks and machines), as an image named
 * "Timeline of `which`", followed by `more`.
 */
export function runTimeline(record, run, size, which, { more = '', describedBy = [] } = {}) {
  const view = experimentById(record.experiment)?.timelineView?.(run, record.params);
  return withTextAlternative(timelineChart(run, { ...size, view }),
    `Timeline of ${which}: one lane per ${view?.yLabel ?? 'worker'}, one bar per piece of work.${more}`, describedBy);
}
