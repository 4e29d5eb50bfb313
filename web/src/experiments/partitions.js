// The partitions experiment (crate/src/experiments/partitions.rs): N
// partitions on k workers, their grain, and pruning by a day range when the
// table is laid out by day.
import { number } from './params.js';
import { median } from '../lab/stats.js';

const plural = (n, one, many = `${one}s`) => `${number(n)} ${n === 1 ? one : many}`;

/**
 * The speedup from pruning alone, from two measured sweeps: the one shown and
 * an overlaid one with the same parameters, engine and mode but pruning the
 * other way. Medians at k (a worker count both measured). Null if there is no
 * such pair.
 */
export function pruningComparison(record, overlays, k) {
  const sameButPruning = (other) => other.experiment === record.experiment && other.engine === record.engine
    && other.mode === record.mode && other.params.pruning !== record.params.pruning
    && Object.keys(record.params).every((name) => name === 'pruning' || other.params[name] === record.params[name]);
  const medianAt = (r) => {
    const times = r.runs.filter((run) => run.k === k).map((run) => run.timeMs);
    return times.length ? median(times) : null;
  };
  for (const other of overlays.filter(sameButPruning)) {
    const [mine, theirs] = [medianAt(record), medianAt(other)];
    if (mine === null || theirs === null) continue;
    const [withMs, withoutMs] = record.params.pruning === 'on' ? [mine, theirs] : [theirs, mine];
    return { k, withMs, withoutMs, speedup: withoutMs / withMs };
  }
  return null;
}

export default {
  id: 'partitions',
  title: 'Partitions and workers: grain and pruning',
  kind: 'data parallel',
  explanation: `A table is stored as N partitions, N chosen apart from the k workers, and a worker takes whole
    partitions: partition p goes to worker p mod k. The query sums the revenue of the orders of a range of days,
    with some work for every order it reads (decoding it). With fewer partitions than workers, the workers left
    without one idle: their lanes in the timeline stay empty. "Split large partitions" cuts each partition into
    pieces (k / gcd(N, k) of them) so that every worker gets an equal share. Every partition (or piece) a worker
    opens costs a set-up, so with N ≫ k that cost is paid many times: raise N and watch the time grow, the grain
    of the work again. Partitioning by an attribute: stored in row order, every partition holds orders of every day;
    stored by day (sorted by day, then by order id, and cut into N equal partitions, the way a table stored
    partitioned by date is laid out; the layout is made with the data, before the clock), each partition holds a
    few days. Each partition's first and last day are kept beside it, so with pruning on, a worker skips a partition
    whose days lie outside the query's range without opening it. The summary gives the partitions scanned and
    skipped. For the speedup from pruning alone, run the same sweep with pruning off and tick both in the history:
    the summary then compares their measured times. With the day layout, the partitions a narrow range needs are
    neighbours, and the p mod k placement spreads them over the workers; fewer of them than workers leaves the
    rest idle again. On processes each worker's partitions are made where it scans them, and only a few numbers
    per partition come back.`,
  // The knobs the lab shows at once; the others sit under "More settings".
  keyParams: ['partitions', 'split', 'layout', 'pruning'],
  params: [
    { name: 'rows', label: 'Orders', default: 1000000, min: 1, max: 8388608 },
    { name: 'partitions', label: 'Partitions (N)', default: 8, min: 1, max: 4096 },
    {
      name: 'split', label: 'When N < k', default: 'whole', choices: [
        { value: 'whole', label: 'keep partitions whole' },
        { value: 'split_large', label: 'split large partitions' },
      ],
    },
    { name: 'partition_work', label: 'Set-up per partition opened', unit: 'k rounds', default: 50, min: 0, max: 100000 },
    { name: 'row_work', label: 'Work per order read', unit: 'rounds', default: 300, min: 0, max: 100000 },
    {
      name: 'layout', label: 'Stored', default: 'day', choices: [
        { value: 'day', label: 'partitioned by day' },
        { value: 'rows', label: 'in row order (days at random)' },
      ],
    },
    { name: 'day_from', label: 'Query: from day', default: 0, min: 0, max: 364 },
    { name: 'day_to', label: 'Query: to day', default: 89, min: 0, max: 364 },
    {
      name: 'pruning', label: 'Pruning', default: 'on', choices: [
        { value: 'on', label: 'on: skip partitions outside the days' },
        { value: 'off', label: 'off: scan every partition' },
      ],
    },
    { name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295 },
  ],
  describeResult: (details, { k, record, overlays = [] }) => {
    const [from, to] = details.days;
    const skipped = details.partitions_skipped;
    const scanned = `Scanned ${number(details.partitions_scanned)} of ${plural(details.partitions, 'partition')}`
      + ` (${number(skipped)} skipped), reading ${number(details.rows_scanned)} of ${number(details.rows)} orders;`
      + ` ${number(details.rows_matched)} orders on days ${from}–${to}, revenue ${(details.revenue_cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}.`;
    const pieces = details.pieces_per_partition > 1
      ? ` Each partition was split into ${details.pieces_per_partition} pieces, so that all ${k} workers had work.` : '';
    const why = details.pruning === 'off' ? ' Pruning was off: every partition was opened.'
      : details.layout === 'rows' && skipped === 0 ? ' Stored in row order, every partition holds orders of nearly every day, so pruning could skip none.' : '';
    const comparison = record && pruningComparison(record, overlays, k);
    const alone = comparison
      ? ` Pruning alone, at k = ${k}: ${comparison.withoutMs.toFixed(1)} ms without, ${comparison.withMs.toFixed(1)} ms with, ${comparison.speedup.toFixed(2)}× (both measured, the overlaid sweep and this one).`
      : ' For the speedup from pruning alone, run this sweep again with pruning the other way and tick it in the history.';
    return scanned + pieces + why + alone;
  },
  twins: { dask: 'partitions_dask.py', pyspark: 'partitions_pyspark.py' },
  scaleUp: 'the number of orders grows k times',
  scaleParam: 'rows',
  maxWorkers: (cores) => 4 * cores,
  toEngine: (values, scale) => ({ ...values, rows: values.rows * scale }),
};
