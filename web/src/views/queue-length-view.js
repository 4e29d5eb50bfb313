// Draws how long a queue was over a run, as a step line on a canvas, with its
// capacity: a full queue means the consumers are the slower side, an empty
// one the producer.

import { CANVAS_SIDE, drawFrame } from './canvas-frame.js';

const MARGIN = { left: 46, right: 12, top: 14, bottom: 34 };

/**
 * @param samples [[ms, length], ...] in time order (the longest length of each stretch of time)
 */
export function drawQueueLength(canvas, samples, capacity) {
  const [width, height] = [CANVAS_SIDE, CANVAS_SIDE];
  const context = drawFrame(canvas, MARGIN);
  const end = Math.max(...samples.map(([ms]) => ms), 1e-3);
  const top = Math.max(capacity, ...samples.map(([, length]) => length), 1);
  const x = (ms) => MARGIN.left + (ms / end) * (width - MARGIN.left - MARGIN.right);
  const y = (length) => height - MARGIN.bottom - (length / top) * (height - MARGIN.top - MARGIN.bottom);

  context.textAlign = 'right';
  context.fillText(String(top), MARGIN.left - 6, y(top) + 7);
  context.fillText('0', MARGIN.left - 6, y(0) + 7);
  context.textAlign = 'center';
  context.fillText(`${end.toFixed(0)} ms`, width - MARGIN.right - 30, height - 8);
  context.fillText('0', MARGIN.left, height - 8);
  context.fillText('time →', width / 2, height - 8);

  context.strokeStyle = '#cf222e';
  context.setLineDash([8, 6]);
  context.beginPath();
  context.moveTo(MARGIN.left, y(capacity));
  context.lineTo(width - MARGIN.right, y(capacity));
  context.stroke();
  context.setLineDash([]);
  context.fillStyle = '#cf222e';
  context.textAlign = 'left';
  // Below the line: the capacity is usually the top of the chart.
  context.fillText(`capacity ${capacity}`, MARGIN.left + 8, y(capacity) + 24);

  context.strokeStyle = '#1f6feb';
  context.lineWidth = 2.5;
  context.beginPath();
  samples.forEach(([ms, length], i) => {
    if (i === 0) context.moveTo(x(ms), y(length));
    else context.lineTo(x(ms), y(samples[i - 1][1]));
    context.lineTo(x(ms), y(length));
  });
  context.stroke();
}
