// Paints Mandelbrot escape counts on a canvas: black inside the set, a smooth
// ramp outside it.

export function drawEscapeCounts(canvas, { width, height, max_iter: maxIter }, counts) {
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  const image = context.createImageData(width, height);
  const logMax = Math.log1p(maxIter);
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i];
    const p = i * 4;
    if (count >= maxIter) {
      image.data[p] = image.data[p + 1] = image.data[p + 2] = 0;
    } else {
      const t = Math.log1p(count) / logMax;
      image.data[p] = 255 * t * t;
      image.data[p + 1] = 60 + 180 * t;
      image.data[p + 2] = 120 + 135 * Math.sqrt(t);
    }
    image.data[p + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}
