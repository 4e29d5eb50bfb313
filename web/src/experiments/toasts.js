export default {
  id: 'toasts',
  title: 'Toasts: identical tasks and grain',
  kind: 'data parallel',
  explanation: `N toasts, each the same amount of work, and nothing shared between them: the embarrassingly parallel
    case. 100 toasts on 4 toasters take a quarter of the time, so the speedup should follow the ideal line up to the
    number of cores. Workers fetch toasts in chunks, and every chunk pays a fixed overhead (like Python's chunksize
    for a process pool, where each chunk is a message). Make the overhead large and the chunks small and
    coordination dominates: the timeline fills with overhead and the speedup sinks. Large chunks pay it rarely,
    but too few chunks leave workers idle at the end. Tick the GIL to see what Python threads do with the same work:
    they take turns on one lock, so the speedup stays near 1; the processes engine has no such lock.`,
  params: [
    { name: 'toasts', label: 'Toasts', default: 400, min: 1, max: 100000 },
    { name: 'toast_work', label: 'Work per toast', unit: 'k rounds', default: 200, min: 0, max: 100000 },
    { name: 'chunk_overhead', label: 'Overhead per chunk', unit: 'k rounds', default: 0, min: 0, max: 100000 },
    { name: 'toasts_per_chunk', label: 'Toasts per chunk', default: 1, min: 1, max: 100000 },
    { name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295 },
  ],
  scaleUp: 'the number of toasts grows k times',
  scaleParam: 'toasts',
  twins: { python: 'toasts.py' },
  maxWorkers: (cores) => 4 * cores,
  toEngine: (values, scale) => ({ ...values, toasts: values.toasts * scale }),
};
