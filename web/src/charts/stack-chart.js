// The speedup stack as a chart: one bar per k, from 0 to the measured speedup,
// then the parts that make up the gap up to the ideal k, each labelled with
// its value (lab/speedup-stack.js says what the parts are). A part that is
// negative (the same work ran faster at k) is drawn below the top of the
// measured bar, hatched by lower opacity, so that the bar still ends at k.
import * as Plot from '@observablehq/plot';
import { PARTS, partLabel } from '../lab/speedup-stack.js';
import { chartFrame } from './worker-axis.js';

const PART_COLOURS = {
  measured: '#1f6feb', inflation: '#bf8700', lock_wait: '#24292f', gil_wait: '#cf222e', io_wait: '#54aeff',
  queue_wait: '#8c959f', message: '#8250df', merge: '#1a7f37', startup: '#6e7781', idle: '#d0d7de',
};
const labelOf = (id) => (id === 'measured' ? 'measured speedup' : partLabel(id));

/** The bars' segments: `{ k, id, label, value, y1, y2 }`, positive parts stacked above the speedup, negative ones below its top. */
export function stackSegments(stack) {
  const segments = [];
  for (const bar of stack.bars) {
    const k = String(bar.k);
    segments.push({ k, id: 'measured', label: labelOf('measured'), value: bar.speedup, y1: 0, y2: bar.speedup });
    let up = bar.speedup;
    let down = bar.speedup;
    for (const { id } of PARTS) {
      const value = bar.parts[id] ?? 0;
      if (Math.abs(value) < 1e-9) continue;
      if (value > 0) {
        segments.push({ k, id, label: labelOf(id), value, y1: up, y2: up + value });
        up += value;
      } else {
        segments.push({ k, id, label: labelOf(id), value, y1: down + value, y2: down, gain: true });
        down += value;
      }
    }
  }
  return segments;
}

/** The bars' k as the chart's band labels, in numeric order: as strings alone they would sort 1, 64, 8. */
export const barOrder = (stack) => stack.bars.map((bar) => bar.k).sort((a, b) => a - b).map(String);

export function stackChart(stack, { width = 620, height = 340, fontSize = 10 } = {}) {
  const segments = stackSegments(stack);
  const ids = [...new Set(segments.map((s) => s.id))];
  const top = Math.max(...segments.map((s) => s.y2), 1);
  // A value is written inside its segment when the segment is tall enough to hold the text.
  const pxPerUnit = (height - 60) / (top * 1.05);
  const labelled = segments.filter((s) => Math.abs(s.value) * pxPerUnit >= fontSize * 1.2);
  return Plot.plot({
    ...chartFrame({ width, height, fontSize }),
    x: { label: 'workers k', type: 'band', padding: 0.3, domain: barOrder(stack) },
    y: { label: 'speedup (bar height = k)', domain: [0, top * 1.05], grid: true },
    color: { legend: true, domain: ids.map(labelOf), range: ids.map((id) => PART_COLOURS[id]) },
    marks: [
      Plot.rectY(segments, {
        x: 'k', y1: 'y1', y2: 'y2', fill: 'label', fillOpacity: (s) => (s.gain ? 0.45 : 1), stroke: 'white', strokeWidth: 0.5,
        title: (s) => `k = ${s.k}: ${s.label} ${s.value.toFixed(2)}${s.gain ? ' (gained: the same work ran faster)' : ''}`,
        className: 'stack-part',
      }),
      Plot.text(labelled, {
        x: 'k', y: (s) => (s.y1 + s.y2) / 2, text: (s) => s.value.toFixed(2),
        fill: (s) => (['measured', 'lock_wait', 'gil_wait', 'message', 'merge'].includes(s.id) ? 'white' : 'black'), className: 'stack-value',
      }),
      Plot.tickY(stack.bars, { x: (b) => String(b.k), y: 'k', stroke: '#444', strokeDasharray: '3 2', className: 'stack-ideal' }),
    ],
  });
}
