// The sample sort experiment's descriptor: sorting by range partitioning (crate/src/experiments/sample_sort.rs).
import { number } from './params.js';

const percent = (share) => `${Math.round(100 * share)} %`;

export default {
  id: 'sample_sort',
  title: 'Sample sort: sorting by range partitioning',
  kind: 'data operator',
  explanation: `How a cluster sorts: sample the keys, pick k − 1 splitters from the sample, route every key to the
    bucket between its splitters ("shuffle" in the timeline; on processes "route", then the buckets travel: "shuffle"), sort the k buckets at the same time ("sort"), and
    concatenate them: every key of bucket r is at most every key of bucket r + 1, so nothing is left to merge. With
    uniform keys it sorts exactly the numbers of fork–join's merge sort (same elements and seed, same checksum): run
    both with the same workers, tick both sweeps in the history, and their speedup curves share one chart. Merge
    sort's last merges run on one worker each; sample sort has none, so the largest bucket limits it instead. (Its
    buckets are sorted by a radix sort, faster on one worker than a merge sort: compare speedups, not times.) Choose
    "half the keys equal": with the small sample, every copy of that key goes to one bucket, whose sort bar outlasts
    the others (the summary gives the bucket sizes). "Oversampled" splitters (256 sampled keys per bucket, and equal
    keys told apart by their position) even the buckets out again. On processes the coordinator makes the input,
    samples it, and sends each process its block with the splitters; the buckets travel to the reducers, which keep
    their sorted keys (as a cluster's sort leaves its output where it was sorted) and send back only their size and
    their part of the checksum. One process has nothing to shuffle: it sorts its block, the whole input.`,
  // The knobs the lab shows at once; the others sit under "More settings".
  keyParams: ['elements', 'keys', 'splitters'],
  params: [
    { name: 'elements', label: 'Elements', default: 2000000, min: 1, max: 8388608 },
    { name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295 },
    {
      name: 'keys', label: 'Keys', default: 'uniform', choices: [
        { value: 'uniform', label: 'uniform (fork–join\'s numbers)' },
        { value: 'duplicates', label: 'half the keys equal (a hot key)' },
      ],
    },
    {
      name: 'splitters', label: 'Splitters', default: 'sample', choices: [
        { value: 'sample', label: 'from a small sample (4 per bucket)' },
        { value: 'oversampled', label: 'oversampled, equal keys split by position' },
      ],
    },
  ],
  describeResult: ({ bucket_sizes: sizes }) => {
    const all = sizes.reduce((sum, size) => sum + size, 0);
    return `Keys per bucket: ${sizes.map(number).join(', ')} (the largest ${percent(Math.max(...sizes) / all)} of the keys`
      + `${sizes.length > 1 ? `; an even share would be ${percent(1 / sizes.length)}` : ''}).`;
  },
  twins: { dask: 'sample_sort_dask.py', pyspark: 'sample_sort_pyspark.py' },
  scaleUp: 'the number of elements grows k times',
  scaleParam: 'elements',
  maxWorkers: (cores) => 4 * cores,
  toEngine: (values, scale) => ({ ...values, elements: values.elements * scale }),
};
