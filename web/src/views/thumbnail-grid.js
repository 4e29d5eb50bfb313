// Paints grayscale thumbnails on a canvas, three to a row in a square grid
// (the page shows pictures in a square frame, so a grid keeps their shape
// where a long strip would be squeezed). Pixels arrive packed four to a 32-bit
// word (pixel i is byte i % 4 of word i / 4, least significant first), as the
// image batch computes them.

const COLUMNS = 3;
const GAP = 4;

export function drawThumbnailGrid(canvas, thumbSide, packed) {
  const wordsPerThumb = Math.ceil((thumbSide * thumbSide) / 4);
  const count = Math.min(COLUMNS * COLUMNS, Math.floor(packed.length / wordsPerThumb));
  canvas.width = canvas.height = COLUMNS * thumbSide + (COLUMNS - 1) * GAP;
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, canvas.width, canvas.height);
  for (let t = 0; t < count; t++) {
    const image = context.createImageData(thumbSide, thumbSide);
    const words = packed.subarray(t * wordsPerThumb, (t + 1) * wordsPerThumb);
    for (let i = 0; i < thumbSide * thumbSide; i++) {
      const grey = (words[i >> 2] >>> (8 * (i & 3))) & 0xff;
      image.data.fill(grey, 4 * i, 4 * i + 3);
      image.data[4 * i + 3] = 255;
    }
    const [column, row] = [t % COLUMNS, Math.floor(t / COLUMNS)];
    context.putImageData(image, column * (thumbSide + GAP), row * (thumbSide + GAP));
  }
}
