// The frame the canvas charts of a result share (queue length, stage
// utilisation): a 600×600 white canvas, its text style and the two axes.

export const CANVAS_SIDE = 600;

/** Clears `canvas` and draws the axes inside `margin`; returns its 2D context, ready for text. */
export function drawFrame(canvas, margin) {
  Object.assign(canvas, { width: CANVAS_SIDE, height: CANVAS_SIDE });
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, CANVAS_SIDE, CANVAS_SIDE);
  context.font = '20px system-ui, sans-serif';
  context.strokeStyle = '#999';
  context.lineWidth = 1.5;
  context.beginPath();
  context.moveTo(margin.left, margin.top);
  context.lineTo(margin.left, CANVAS_SIDE - margin.bottom);
  context.lineTo(CANVAS_SIDE - margin.right, CANVAS_SIDE - margin.bottom);
  context.stroke();
  context.fillStyle = '#444';
  return context;
}
