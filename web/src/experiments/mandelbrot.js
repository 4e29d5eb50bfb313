import { drawEscapeCounts } from '../views/mandelbrot-view.js';

export default {
  id: 'mandelbrot',
  title: 'Mandelbrot: scheduling and skew',
  kind: 'data parallel',
  explanation: `Every row of the picture is a task, and the same operation runs on all of them: data parallelism.
    Rows through the black set cost up to the full number of iterations per pixel, rows outside it almost nothing,
    so the work is uneven. With static blocks each worker gets one contiguous band of rows, and this view is shifted so that
    the upper band holds most of the set: its worker works long after the others have finished. That is skew, and the timeline shows it as idle
    lanes. Static interleaving deals rows out like cards, which spreads the expensive rows; dynamic scheduling hands
    the next chunk of rows to whichever worker is free. Compare the three on one speedup chart. On a CPU-bound task
    like this one, workers beyond the number of cores cannot help.`,
  params: [
    { name: 'size', label: 'Grid side', unit: 'px', default: 1024, min: 16, max: 4096 },
    { name: 'max_iter', label: 'Iterations', default: 1000, min: 1, max: 100000 },
    {
      name: 'schedule', label: 'Schedule', default: 'dynamic', choices: [
        { value: 'dynamic', label: 'dynamic' },
        { value: 'static_blocks', label: 'static blocks' },
        { value: 'static_interleaved', label: 'static interleaved' },
      ],
    },
    { name: 'chunk', label: 'Rows per chunk', default: 1, min: 1, max: 256, appliesWhen: ({ schedule }) => schedule !== 'static_blocks' },
  ],
  resultView: {
    caption: 'The picture from the last run at the largest k.',
    draw: (canvas, engineParams, result) => drawEscapeCounts(canvas, engineParams, result.arrays.counts),
  },
  scaleUp: 'the grid gets k times as many rows (same picture, finer)',
  scaleParam: 'size',
  maxWorkers: (cores) => 4 * cores,
  toEngine: ({ size, max_iter, schedule, chunk }, scale) => ({
    width: size,
    height: size * scale,
    max_iter,
    schedule: schedule === 'static_blocks' ? { kind: schedule } : { kind: schedule, chunk },
  }),
};
