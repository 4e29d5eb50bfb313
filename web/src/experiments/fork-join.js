export default {
  id: 'fork_join',
  title: 'Fork–join: merge sort and its cutoff',
  kind: 'task parallel',
  explanation: `Divide and conquer: split the array in two, sort both halves at the same time (fork), then merge them
    (join). Below the cutoff a piece is sorted by one worker without splitting further. The merges near the top run
    on one worker each, so part of the work stays serial: Amdahl's law says the speedup levels off, and the fitted
    curve estimates that serial fraction. A tiny cutoff makes thousands of forks whose bookkeeping costs more than
    it saves; a huge cutoff leaves fewer pieces than workers. The timeline shows sorts and merges. On the
    processes engine, which shares no memory, the workers sort blocks of cutoff size that the coordinator sends them,
    one block a message (a lone worker is sent nothing: it makes the numbers itself and takes all the blocks at once),
    and the coordinator merges all blocks at the end: watch that merge lane.`,
  params: [
    { name: 'elements', label: 'Elements', default: 2000000, min: 1, max: 8388608 },
    { name: 'cutoff', label: 'Cutoff', unit: 'elements', default: 16384, min: 256, max: 8388608 },
    { name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295 },
  ],
  gil: false,
  noGilReason: 'its workers wait for each other inside the pool (rayon::join), and one that waited while holding the lock would stop all the others.',
  scaleUp: 'the number of elements grows k times',
  scaleParam: 'elements',
  maxWorkers: (cores) => 4 * cores,
  toEngine: (values, scale) => ({ ...values, elements: values.elements * scale }),
};
