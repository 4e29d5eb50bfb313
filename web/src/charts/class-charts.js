// The class dashboard's two charts: the room's predictions as a histogram
// (with the course's figure marked), and every submitted result as a line of
// speedup against k, coloured by the cores of the machine that measured it,
// busy machines dashed, the class's median line on top and the ideal beside.
import * as Plot from '@observablehq/plot';
import { chartFrame, workerAxisChart, workerAxisMarks } from './worker-axis.js';

/**
 * @param bars class/dashboard-data.js's predictionBars
 * @param course the course's answer, whose bar is drawn in another colour: { number } or { option } (a choice's position)
 * @param size { width, height, fontSize }
 */
export function predictionChart(bars, { course = {}, unit = '' }, size) {
  const isCourse = (bar) => (bar.index !== undefined ? bar.index === course.option
    : Number.isFinite(course.number) && course.number >= bar.from && course.number <= bar.to);
  const labelled = bars.map((bar) => ({ ...bar, course: isCourse(bar) }));
  const most = Math.max(1, ...labelled.map((b) => b.count));
  return Plot.plot({
    ...chartFrame(size),
    x: { label: `prediction${unit ? ` (${unit})` : ''}`, domain: labelled.map((b) => b.label), tickRotate: labelled.length > 6 ? -30 : 0 },
    // Whole students: a tick at every count up to 10, else Plot's own (whole) ticks.
    y: { label: '↑ students', grid: true, tickFormat: 'd', domain: [0, most], ...(most <= 10 && { ticks: Array.from({ length: most + 1 }, (_, i) => i) }) },
    marks: [
      Plot.barY(labelled, { x: 'label', y: 'count', fill: (b) => (b.course ? '#b35900' : '#4269d0') }),
      Plot.text(labelled, { x: 'label', y: 'count', text: (b) => (b.count ? String(b.count) : ''), dy: -8, fontSize: size.fontSize }),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * @param curves resultCurves; @param median medianCurve; @param maxK the largest k measured
 * @param size { width, height, fontSize }
 */
export function classSpeedupChart(curves, median, size) {
  const ks = [...new Set(curves.flatMap((c) => c.points.map((p) => p.k)))].sort((a, b) => a - b);
  const maxK = Math.max(2, ...ks);
  const points = curves.flatMap((c) => c.points.map((p) => ({ ...p, id: c.id, cores: `${c.cores} cores`, busy: c.busy })));
  const ideal = [{ k: 1, speedup: 1 }, { k: maxK, speedup: maxK }];
  // The ideal's label above its end, the median's below its own: they never meet.
  const label = (text, at, dy) => Plot.text([at], { x: 'k', y: 'speedup', text: () => text, dx: -6, dy, textAnchor: 'end', fontSize: size.fontSize });
  return Plot.plot({
    ...workerAxisChart({ ...size, maxK, ks, label: 'workers k →' }),
    y: { label: '↑ speedup T(1)/T(k)', domain: [0, Math.max(maxK, ...points.map((p) => p.speedup))] },
    color: { legend: true, type: 'ordinal', scheme: 'tableau10' },
    marks: [
      ...workerAxisMarks({ maxK, ks, label: 'workers k →' }),
      Plot.line(ideal, { x: 'k', y: 'speedup', stroke: '#888', strokeDasharray: '4 4' }),
      label('ideal', ideal[1], -10),
      Plot.line(points.filter((p) => !p.busy), { x: 'k', y: 'speedup', z: 'id', stroke: 'cores', strokeOpacity: 0.7 }),
      Plot.line(points.filter((p) => p.busy), { x: 'k', y: 'speedup', z: 'id', stroke: 'cores', strokeOpacity: 0.5, strokeDasharray: '2 3' }),
      Plot.line(median, { x: 'k', y: 'speedup', stroke: '#111', strokeWidth: 4 }),
      median.length ? label('class median', median.at(-1), 18) : null,
    ],
  });
}
