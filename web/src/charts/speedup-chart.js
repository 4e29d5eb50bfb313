// Speedup against worker count: each sweep's medians with their min–max
// spread, its fitted Amdahl curve, the ideal y = k, the core count, and
// optionally the Amdahl curve of a parallel fraction the user typed. Points
// left out of the fit (beyond the cores) are hollow.
import * as Plot from '@observablehq/plot';
import { amdahlSpeedup } from '../lab/stats.js';
import { axisType, coresMarker, logTicks, modelCurve, pointMarks, workerAxisChart, workerAxisMarks } from './worker-axis.js';

function predictionTicks(points) {
  const upTo = points.at(-1)?.k;
  if (!upTo) return [];
  const ticks = [upTo];
  for (let k = 4; k < upTo; k *= 2) ticks.push(k);
  return ticks;
}

/**
 * @param series [{ label, rows (from analyse, each with `fitted`), serialFraction (fitted, or null) }]
 * @param options.cores the core count to mark (the shown sweep's), or null
 * @param options.typedParallelFraction a number in [0, 1] or null
 * @param options.prediction points [{ k, low, high }] of a what-if model (lab/what-if.js), drawn as a labelled band, or null
 */
export function speedupChart(series, { cores = null, typedParallelFraction = null, prediction = null, width = 620, height = 340, fontSize = 10 } = {}) {
  const allRows = series.flatMap((s) => s.rows.map((r) => ({ ...r, label: s.label })));
  const predicted = prediction ?? [];
  const maxK = Math.max(2, ...allRows.map((r) => r.k), ...predicted.map((p) => p.k));
  const ideal = modelCurve(maxK, (k) => ({ speedup: k }));
  const fits = series.filter((s) => s.serialFraction !== null).flatMap((s) =>
    modelCurve(maxK, (k) => ({ speedup: amdahlSpeedup(1 - s.serialFraction, k), label: s.label })));
  const typed = typedParallelFraction === null ? [] : modelCurve(maxK, (k) => ({ speedup: amdahlSpeedup(typedParallelFraction, k) }));
  const top = Math.max(...allRows.map((r) => r.speedupHigh), ...predicted.map((p) => p.high), 1);
  const color = series.length > 1 ? 'label' : '#1f6feb';
  // With k on a log axis, speedup goes on one too, so that the ideal speedup k stays a straight line.
  const logScale = axisType(maxK) === 'log';
  const bottom = Math.min(1, ...allRows.map((r) => r.speedupLow), ...predicted.map((p) => p.low));
  const yDomain = [bottom / 1.25, Math.max(top * 1.25, 2)];
  const y = logScale
    ? { type: 'log', domain: yDomain, ticks: logTicks(...yDomain), tickFormat: (v) => String(v) }
    : { domain: [0, Math.max(top * 1.1, Math.min(maxK, Math.max(top * 1.25, 2)))] };
  // A key for the lines, in the top left corner, where every curve starts low; only where it takes
  // at most a third of the plot's height (a small chart in a slide has its caption instead).
  const keyLines = [
    '━ measured (median; bars: min–max)',
    '╌ ideal: k',
    ...(fits.length ? ['╌ Amdahl fitted to the measured'] : []),
    ...(typed.length ? [`┄ Amdahl for p = ${typedParallelFraction}`] : []),
  ];
  const key = keyLines.length * 1.25 * fontSize <= (height - 3.8 * fontSize) / 3 ? [keyLines.join('\n')] : [];
  const axis = { maxK, ks: [...allRows.map((r) => r.k), ...predictionTicks(predicted)], label: 'workers k' };
  return Plot.plot({
    // Where a prediction goes beyond the measured k, ticks at powers of two show its scale.
    ...workerAxisChart({ width, height, fontSize, ...axis }),
    y: { label: 'speedup T(1)/T(k)', ...y },
    color: { legend: series.length > 1, type: 'categorical' },
    marks: [
      ...workerAxisMarks(axis),
      ...coresMarker(cores, maxK),
      Plot.text(key, { frameAnchor: 'top-left', textAnchor: 'start', lineAnchor: 'top', dx: 8, dy: 6, text: (d) => d, fill: 'currentColor', className: 'line-key' }),
      // A prediction is not data: a pale band without points, named on the chart itself.
      Plot.areaY(predicted, { x: 'k', y1: 'low', y2: 'high', fill: '#b35900', fillOpacity: 0.18, className: 'prediction' }),
      Plot.text(predicted.slice(-1), {
        x: 'k', y: 'high', text: () => 'predicted, not measured', textAnchor: 'end', dy: -8, fill: '#b35900', className: 'prediction-label',
      }),
      Plot.line(ideal, { x: 'k', y: 'speedup', stroke: '#888', strokeDasharray: '4 4', clip: true, className: 'ideal' }),
      Plot.line(typed, { x: 'k', y: 'speedup', stroke: '#b35900', strokeDasharray: '1 3', strokeWidth: 2, className: 'typed-amdahl' }),
      Plot.line(fits, { x: 'k', y: 'speedup', z: 'label', stroke: color, strokeOpacity: 0.5, strokeDasharray: '6 3', className: 'fitted-amdahl' }),
      Plot.ruleX(allRows, { x: 'k', y1: 'speedupLow', y2: 'speedupHigh', stroke: color, strokeWidth: 2 }),
      Plot.line(allRows, { x: 'k', y: 'speedup', z: 'label', stroke: color }),
      ...pointMarks(allRows, {
        y: 'speedup', color,
        title: (r) => `${r.label}\nk = ${r.k}: speedup ${r.speedup.toFixed(2)} (${r.speedupLow.toFixed(2)}–${r.speedupHigh.toFixed(2)})\n` +
          `median ${r.median.toFixed(1)} ms, efficiency ${r.efficiency.toFixed(2)}${r.fitted ? '' : '\nbeyond the cores: not in the fit'}`,
      }),
    ],
  });
}
