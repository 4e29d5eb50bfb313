// What the speedup and scale-up charts share: a worker-count axis (log once
// k goes past 16, ticks at the measured k), model curves sampled densely along
// that axis, and the marker of the machine's core count.
import * as Plot from '@observablehq/plot';

/** The x scale for k up to `maxK`: linear for a few workers, logarithmic for many. */
export function axisType(maxK) {
  return maxK > 16 ? 'log' : 'linear';
}

/** Ticks 1, 2, 5 × 10ⁿ inside [low, high], for a log axis whose every tick is labelled. */
export function logTicks(low, high) {
  const ticks = [];
  for (let decade = 10 ** Math.floor(Math.log10(low)); decade <= high; decade *= 10) {
    for (const step of [1, 2, 5]) if (step * decade >= low && step * decade <= high) ticks.push(+(step * decade).toPrecision(3));
  }
  return ticks;
}

/**
 * A chart's size and text, with room for tick labels and axis labels at any
 * text size, so that none is cut or overlaps another.
 */
export function chartFrame({ width, height, fontSize }) {
  return {
    width,
    height,
    style: { fontSize: `${fontSize}px` },
    marginLeft: Math.max(48, Math.round(4 * fontSize)),
    marginBottom: Math.max(30, Math.round(2.8 * fontSize)),
    marginTop: Math.max(20, Math.round(1.9 * fontSize)),
  };
}

/**
 * Plot options for a chart whose x axis is the worker count k. On a log axis
 * Plot labels only the ticks that d3's log format keeps (8 of 1, 2, 8, 40 went
 * blank), so there the axis is drawn as a mark whose text is every k (`workerAxisMarks`).
 */
export function workerAxisChart({ width, height, fontSize, maxK, ks, label }) {
  const log = axisType(maxK) === 'log';
  return {
    ...chartFrame({ width, height, fontSize }),
    grid: true,
    x: { label, type: axisType(maxK), domain: [1, maxK], ticks: [...new Set(ks)], ...(log ? { axis: null } : { tickFormat: 'd' }) },
  };
}

/** The marks a log worker axis needs (see `workerAxisChart`): none on a linear one. */
export function workerAxisMarks({ maxK, ks, label }) {
  if (axisType(maxK) !== 'log') return [];
  const ticks = [...new Set(ks)].sort((a, b) => a - b);
  return [Plot.gridX(ticks), Plot.axisX(ticks, { text: (k) => String(k), label })];
}

const CURVE_POINTS = 200;

/**
 * A model (ideal, Amdahl, Gustafson) as a line of many points from k = 1 to
 * maxK, evenly spaced on the axis in use. Plot joins points with straight
 * segments on the screen, so on a log axis the points must be evenly spaced
 * in log k: spaced evenly in k they would leave the first doubling with a
 * single segment and bend the curve there.
 */
export function modelCurve(maxK, valuesAt) {
  const log = axisType(maxK) === 'log';
  return Array.from({ length: CURVE_POINTS }, (_, i) => {
    const t = i / (CURVE_POINTS - 1);
    const k = log ? maxK ** t : 1 + t * (maxK - 1);
    return { k, ...valuesAt(k) };
  });
}

/**
 * The value a drawn curve shows at k: linear interpolation between its two
 * neighbouring points in screen space (log k on a log axis), as the browser draws it.
 */
export function drawnValueAt(curve, k, field, type) {
  const position = type === 'log' ? Math.log : (x) => x;
  const after = curve.findIndex((point) => point.k >= k);
  if (after <= 0) return curve[Math.max(after, 0)][field];
  const [a, b] = [curve[after - 1], curve[after]];
  const t = (position(k) - position(a.k)) / (position(b.k) - position(a.k));
  return a[field] + t * (b[field] - a[field]);
}

/** A dashed vertical rule at the core count, labelled at the top, when it falls inside the axis. */
export function coresMarker(cores, maxK) {
  if (!cores || cores >= maxK) return [];
  return [
    Plot.ruleX([cores], { stroke: '#8250df', strokeDasharray: '2 3', className: 'cores' }),
    // At the foot of the marker, where no curve runs (every speedup and efficiency curve is above 0 there).
    Plot.text([cores], {
      x: (k) => k, text: () => `${cores} cores`, frameAnchor: 'bottom', lineAnchor: 'bottom', textAnchor: 'start', dx: 4, dy: -4, fill: '#8250df',
    }),
  ];
}

/** Points the models were fitted to are filled; the others (beyond the cores) are hollow. */
export function pointMarks(rows, { y, color, title }) {
  return [
    Plot.dot(rows.filter((r) => r.fitted), { x: 'k', y, fill: color, stroke: color, r: 4, tip: true, title, className: 'fitted-points' }),
    Plot.dot(rows.filter((r) => !r.fitted), { x: 'k', y, fill: 'white', stroke: color, strokeWidth: 1.5, r: 4, tip: true, title, className: 'unfitted-points' }),
  ];
}
