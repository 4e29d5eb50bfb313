import { drawThumbnailGrid } from '../views/thumbnail-grid.js';

// The same limit as the kernel's MAX_BATCH_PIXELS (crate/src/experiments/image_batch.rs).
const MAX_BATCH_PIXELS = 128 * 2 ** 20;
const mebibytes = (bytes) => (bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

export default {
  id: 'image_batch',
  title: 'Image batch: resizing X-rays',
  kind: 'data parallel',
  explanation: `The course's batch job: shrink a folder of X-ray images to thumbnails. Here the images are generated
    (shapes and noise, the same for the same seed), once for each side and seed, and kept, so a timed run only
    resizes; the first run with a new side or seed, the warm-up in a sweep, also makes them. Every image is a task,
    resized by area averaging (each thumbnail pixel is the mean of the pixels it covers), and no task needs
    another's result: data parallel and CPU-bound, so threads should scale with the cores and stop there. Tick the
    GIL to see what Python threads did with it in the course: 29.48 s with a plain loop, 29.71 s with threads,
    because they take turns on one lock. Processes have no such lock (the course: 6.98 s with 8 processes), but they
    share no memory. By default each process reads the images it is given, as a Python process opens its own files:
    only image numbers travel to it, and every thumbnail travels back (here a process makes an image the first time
    it gets it and keeps it, as if read from disk once; a sweep's warm-ups go on until no process makes one, so that
    timed runs only resize, as on threads). Choose "sent by the coordinator" to send every image's
    pixels with its task instead, as a program holding the images in memory must: the summary gives the bytes moved,
    and the timeline shows the sends. Images per chunk is Python's chunksize: one message per chunk.`,
  // The knobs the lab shows at once; the others sit under "More settings".
  keyParams: ['images', 'side', 'images_per_chunk', 'pixels'],
  params: [
    { name: 'images', label: 'Images', default: 250, min: 1, max: 10000 },
    { name: 'side', label: 'Image side', unit: 'px', default: 512, min: 1, max: 4096 },
    { name: 'thumb_side', label: 'Thumbnail side', unit: 'px', default: 128, min: 1, max: 4096 },
    { name: 'images_per_chunk', label: 'Images per chunk', default: 1, min: 1, max: 10000 },
    { name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295 },
    {
      name: 'pixels', label: 'Pixels (processes)', default: 'read', choices: [
        { value: 'read', label: 'read by each process' },
        { value: 'sent', label: 'sent by the coordinator' },
      ],
    },
  ],
  resultView: {
    caption: 'The first thumbnails of the last run at the largest k.',
    draw: (canvas, engineParams, result) => drawThumbnailGrid(canvas, engineParams.thumb_side, result.arrays.thumbnails),
  },
  describeResult: (details) => `${details.images} images of ${details.side}×${details.side} px `
    + `(${mebibytes(details.inputPixelBytes)}) resized to ${details.thumbSide}×${details.thumbSide} `
    + `(${mebibytes(details.thumbnailPixelBytes)}).`,
  sizeError: ({ images, side }, scale) => {
    const pixels = images * scale * side * side;
    if (pixels <= MAX_BATCH_PIXELS) return null;
    return `${images * scale} images of ${side}×${side} px are ${mebibytes(pixels)} of pixels, more than the `
      + `${mebibytes(MAX_BATCH_PIXELS)} a batch may hold in the browser's memory. `
      + `Use at most ${Math.floor(MAX_BATCH_PIXELS / (scale * side * side))} images${scale > 1 ? ` (the largest k multiplies them by ${scale})` : ''}, or a smaller side.`;
  },
  scaleUp: 'the number of images grows k times',
  scaleParam: 'images',
  twins: { python: 'image_batch.py' },
  maxWorkers: (cores) => 4 * cores,
  toEngine: (values, scale) => ({ ...values, images: values.images * scale }),
};
