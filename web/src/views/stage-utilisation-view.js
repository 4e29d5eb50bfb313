// Draws how busy each stage of a pipeline was, as one bar per stage on a
// canvas: the busiest (the one that limits the pipeline) in red, the others in
// blue, each with its share of the run written above it.

import { CANVAS_SIDE, drawFrame } from './canvas-frame.js';

const MARGIN = { left: 66, right: 12, top: 40, bottom: 40 };

/**
 * @param stages the stages' names, in order
 * @param utilisation each stage's busy share, 0…1 (busy time ÷ (its workers × the run))
 * @param slowest the name of the slowest stage, or of its fused stages ("transform+write")
 */
export function drawStageUtilisation(canvas, stages, utilisation, slowest) {
  const [width, height] = [CANVAS_SIDE, CANVAS_SIDE];
  const context = drawFrame(canvas, MARGIN);
  const limiting = new Set(slowest.split('+'));
  const slot = (width - MARGIN.left - MARGIN.right) / stages.length;
  const y = (share) => height - MARGIN.bottom - Math.min(share, 1) * (height - MARGIN.top - MARGIN.bottom);

  context.textAlign = 'right';
  context.fillText('100 %', MARGIN.left - 4, y(1) + 7);
  context.fillText('0', MARGIN.left - 6, y(0) + 7);

  context.textAlign = 'center';
  stages.forEach((stage, i) => {
    const left = MARGIN.left + i * slot + slot * 0.15;
    context.fillStyle = limiting.has(stage) ? '#cf222e' : '#1f6feb';
    context.fillRect(left, y(utilisation[i]), slot * 0.7, y(0) - y(utilisation[i]));
    context.fillStyle = '#444';
    context.fillText(`${Math.round(100 * utilisation[i])} %`, left + slot * 0.35, y(utilisation[i]) - 8);
    context.fillText(stage, left + slot * 0.35, height - 12);
  });
}
