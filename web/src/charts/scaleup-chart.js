// Scale-up: scaled efficiency T(1, n)/T(k, n·k) against k; ideal is flat at 1.
// The dashed curve is Gustafson's law with the serial fraction fitted to the
// data within the cores; points beyond the cores are hollow.
import * as Plot from '@observablehq/plot';
import { gustafsonEfficiency } from '../lab/stats.js';
import { coresMarker, modelCurve, pointMarks, workerAxisChart, workerAxisMarks } from './worker-axis.js';

export function scaleupChart(rows, { serialFraction = null, cores = null, width = 620, height = 340, fontSize = 10 } = {}) {
  const maxK = Math.max(2, ...rows.map((r) => r.k));
  const gustafson = serialFraction === null ? [] : modelCurve(maxK, (k) => ({ efficiency: gustafsonEfficiency(serialFraction, k) }));
  const axis = { maxK, ks: rows.map((r) => r.k), label: 'workers k (problem size n·k)' };
  return Plot.plot({
    ...workerAxisChart({ width, height, fontSize, ...axis }),
    y: { label: 'scaled efficiency T(1,n)/T(k,n·k)', domain: [0, Math.max(1.2, ...rows.map((r) => r.efficiencyHigh * 1.05))] },
    marks: [
      ...workerAxisMarks(axis),
      ...coresMarker(cores, maxK),
      Plot.ruleY([1], { stroke: '#888', strokeDasharray: '4 4', className: 'ideal' }),
      Plot.line(gustafson, { x: 'k', y: 'efficiency', stroke: '#1f6feb', strokeOpacity: 0.5, strokeDasharray: '6 3', className: 'fitted-gustafson' }),
      Plot.ruleX(rows, { x: 'k', y1: 'efficiencyLow', y2: 'efficiencyHigh', stroke: '#1f6feb', strokeWidth: 2 }),
      Plot.line(rows, { x: 'k', y: 'efficiency', stroke: '#1f6feb' }),
      ...pointMarks(rows, {
        y: 'efficiency', color: '#1f6feb',
        title: (r) => `k = ${r.k}: efficiency ${r.efficiency.toFixed(2)} (${r.efficiencyLow.toFixed(2)}–${r.efficiencyHigh.toFixed(2)})\n` +
          `median ${r.median.toFixed(1)} ms${r.fitted ? '' : '\nbeyond the cores: not in the fit'}`,
      }),
    ],
  });
}
