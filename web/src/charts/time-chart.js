// Median time against worker count, one line per variant with its min–max
// spread and its label at its end: for comparing variants that do the same
// work differently (chunk sizes, strategies), whose speedups against their
// own one-worker times would not be comparable.
import * as Plot from '@observablehq/plot';
import { workerAxisChart, workerAxisMarks } from './worker-axis.js';

/** @param series [{ label, rows (from analyse: k, median, min, max) }] */
export function timeChart(series, { width = 620, height = 340, fontSize = 10 } = {}) {
  const rows = series.flatMap((s) => s.rows.map((r) => ({ ...r, label: s.label })));
  const maxK = Math.max(2, ...rows.map((r) => r.k));
  const ends = series.map((s) => ({ ...s.rows.at(-1), label: s.label }));
  const axis = { maxK, ks: rows.map((r) => r.k), label: 'workers k' };
  return Plot.plot({
    ...workerAxisChart({ width, height, fontSize, ...axis }),
    marginRight: Math.min(200, 8 + 0.6 * fontSize * Math.max(...series.map((s) => s.label.length))),
    y: { label: 'median time (ms)', domain: [0, Math.max(...rows.map((r) => r.max)) * 1.1] },
    color: { type: 'categorical', domain: series.map((s) => s.label) },
    marks: [
      ...workerAxisMarks(axis),
      Plot.ruleX(rows, { x: 'k', y1: 'min', y2: 'max', stroke: 'label', strokeWidth: 2 }),
      Plot.line(rows, { x: 'k', y: 'median', z: 'label', stroke: 'label' }),
      Plot.dot(rows, { x: 'k', y: 'median', fill: 'label', r: 4, tip: true, title: (r) => `${r.label}\nk = ${r.k}: median ${r.median.toFixed(1)} ms (${r.min.toFixed(1)}–${r.max.toFixed(1)})` }),
      Plot.text(ends, { x: 'k', y: 'median', text: 'label', fill: 'label', textAnchor: 'start', dx: 8, className: 'line-label' }),
    ],
  });
}
