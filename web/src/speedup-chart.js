// The speedup chart: measured medians with their min–max spread, and the
// ideal line y = k. Observable Plot draws axes and scales (see README).
import * as Plot from '@observablehq/plot';

export function speedupChart(rows, { width = 560 } = {}) {
  const maxK = Math.max(...rows.map((r) => r.k));
  const ideal = [{ k: 1, speedup: 1 }, { k: maxK, speedup: maxK }];
  return Plot.plot({
    width,
    height: 320,
    marginLeft: 48,
    grid: true,
    x: { label: 'workers k', domain: [0.8, maxK + 0.2], ticks: rows.map((r) => r.k), tickFormat: 'd' },
    y: { label: 'speedup T(1)/T(k)', domain: [0, Math.max(maxK, ...rows.map((r) => r.speedupHigh)) * 1.05] },
    marks: [
      Plot.line(ideal, { x: 'k', y: 'speedup', stroke: '#999', strokeDasharray: '4 4' }),
      Plot.text([ideal[1]], { x: 'k', y: 'speedup', text: () => 'ideal', dy: -8, fill: '#666' }),
      Plot.ruleX(rows, { x: 'k', y1: 'speedupLow', y2: 'speedupHigh', stroke: '#1f6feb', strokeWidth: 2 }),
      Plot.line(rows, { x: 'k', y: 'speedup', stroke: '#1f6feb' }),
      Plot.dot(rows, {
        x: 'k', y: 'speedup', fill: '#1f6feb', r: 4,
        title: (r) => `k = ${r.k}: speedup ${r.speedup.toFixed(2)} (${r.speedupLow.toFixed(2)}–${r.speedupHigh.toFixed(2)}), median ${r.median.toFixed(1)} ms`,
      }),
    ],
  });
}
