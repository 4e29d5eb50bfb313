// Memory bandwidth against worker count, as a gain over one worker: where the
// line leaves the ideal y = k and flattens before the core marker, memory,
// not the cores, limits memory-bound work.
import * as Plot from '@observablehq/plot';
import { coresMarker, modelCurve, workerAxisChart, workerAxisMarks } from './worker-axis.js';

/**
 * @param summary from bandwidthSummary (lab/machine.js): rows [{ k, best, gain, gainLow, gainHigh, median }]
 * @param options.cores the core count to mark when the axis goes past it, or null
 */
export function bandwidthChart(summary, { cores = null, width = 460, height = 260, fontSize = 10 } = {}) {
  const { rows } = summary;
  const maxK = Math.max(2, ...rows.map((r) => r.k));
  const top = Math.max(...rows.map((r) => r.gainHigh), 1);
  const axis = { maxK, ks: rows.map((r) => r.k), label: 'workers k' };
  return Plot.plot({
    ...workerAxisChart({ width, height, fontSize, ...axis }),
    y: { label: 'bandwidth ÷ one worker\'s', domain: [0, Math.max(top * 1.15, 2)] },
    marks: [
      ...workerAxisMarks(axis),
      ...coresMarker(cores, maxK),
      Plot.line(modelCurve(maxK, (k) => ({ gain: k })), { x: 'k', y: 'gain', stroke: '#888', strokeDasharray: '4 4', clip: true, className: 'ideal' }),
      Plot.ruleX(rows, { x: 'k', y1: 'gainLow', y2: 'gainHigh', stroke: '#1f6feb', strokeWidth: 2 }),
      Plot.line(rows, { x: 'k', y: 'gain', stroke: '#1f6feb' }),
      Plot.dot(rows, {
        x: 'k', y: 'gain', fill: '#1f6feb', r: 4, tip: true, className: 'bandwidth-points',
        title: (r) => `k = ${r.k}: best ${r.best.toFixed(1)} GB/s, ${r.gain.toFixed(2)}× one worker (median ${r.median.toFixed(1)} GB/s)`,
      }),
    ],
  });
}
