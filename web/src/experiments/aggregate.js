// The aggregate experiment's descriptor: revenue and orders per customer or
// region, with one lock, sharded locks or per-worker partial aggregates.
import { MAX_CUSTOMERS, MAX_ORDERS, SKEWS, number } from './params.js';

const money = (cents) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
// Exact, from the run's totals (a timeline segment of close lock waits also covers the gaps between them).
const totalMs = (totals, kind) => (totals ?? []).filter((t) => t.kind === kind).reduce((sum, t) => sum + t.ms, 0);

/** How the threads shared the work in this run, from its measured records. */
function threadsSentence(strategy, run) {
  const records = run?.records ?? [];
  const merge = records.find((r) => r.worker === 'merge');
  const mergeMs = merge ? ` Merging took ${(merge.end_ms - merge.start_ms).toFixed(1)} ms (the merge lane).` : '';
  if (strategy === 'partials') {
    return `Each worker took chunks of orders as it became free and added them into a map of its own, without locks; the maps were added up at the end.${mergeMs}`;
  }
  const waited = totalMs(run?.totals, 'lock_wait');
  const locks = strategy === 'one_lock' ? 'the one lock' : 'the locks of the shards';
  return `The workers updated shared maps under ${locks} and waited ${waited.toFixed(1)} ms for them in all (the lock waits in the timeline; close waits are drawn as one segment).${mergeMs} A share-nothing run would take no lock: it would send each worker's partial map, whose bytes partial aggregates report.`;
}

export default {
  id: 'aggregate',
  title: 'Aggregate: revenue per customer',
  kind: 'data operator',
  explanation: `Revenue (the sum of the amounts) and the number of orders per customer, or per region, over a table of
    generated orders, as GROUP BY does. Three ways for threads to share the result: one table behind one lock
    (every order takes the lock, so the workers take turns: watch their waits in the timeline); the table cut into
    shards, each behind its own lock (workers wait only when they hit the same shard at once); or the course's way,
    partial aggregates: each worker adds the chunks of orders it takes in a table of its own, and the tables are merged
    at the end (the merge lane). Few groups (few customers, or grouping by region) or a high skew put many workers on
    the same groups and the same locks. With partial aggregates, k = 2 on 2 cores should give nearly 2×, while one
    lock can make more workers slower than one. Processes share no memory, so there is no lock to take: each process
    aggregates its own partition of the orders and sends its partial map, and the coordinator merges them; the
    strategy then changes nothing. Making the orders is not timed (the page says how long it took).`,
  // The knobs the lab shows at once; the others sit under "More settings".
  keyParams: ['rows', 'customers', 'group_by', 'strategy'],
  params: [
    { name: 'rows', label: 'Orders', default: 8000000, min: 1, max: MAX_ORDERS },
    { name: 'customers', label: 'Customers (the groups, by customer)', default: 10000, min: 1, max: MAX_CUSTOMERS },
    { name: 'customer_skew', label: 'Customer skew (Zipf; 0 = uniform)', default: '1', choices: SKEWS.map((s) => ({ value: s, label: s })) },
    {
      name: 'group_by', label: 'Group by', default: 'customer', choices: [
        { value: 'customer', label: 'customer' },
        { value: 'region', label: 'region (6 groups)' },
      ],
    },
    {
      name: 'strategy', label: 'Strategy', default: 'one_lock', choices: [
        { value: 'one_lock', label: 'one shared map, one lock' },
        { value: 'sharded_locks', label: 'sharded map, a lock per shard' },
        { value: 'partials', label: 'partial aggregates, merged' },
      ],
    },
    { name: 'shards', label: 'Shards', default: 16, min: 1, max: 1024, appliesWhen: ({ strategy }) => strategy === 'sharded_locks' },
    { name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295 },
  ],
  describeResult: ({ rows, groups, group_by: groupBy, strategy, top }, { engine, run }) => {
    const facts = `${number(rows)} orders in ${number(groups)} ${groupBy === 'region' ? 'regions' : 'customers'}; `
      + `top ${top.length} by revenue: ${top.map((g) => `${g.group} ${money(g.revenue_cents)} (${number(g.orders)} orders)`).join(', ')}.`;
    const how = engine === 'processes'
      ? 'No locks between processes: each aggregated its own partition and sent its partial map, which the coordinator merged (the strategy applies to threads only).'
      : threadsSentence(strategy, run);
    return `${facts} ${how}`;
  },
  sizeError: ({ rows }, scale) => (rows * scale <= MAX_ORDERS ? null
    : `${number(rows * scale)} orders are more than the ${number(MAX_ORDERS)} the lab generates. Use at most ${number(Math.floor(MAX_ORDERS / scale))} orders${scale > 1 ? ` (the largest k multiplies them by ${scale})` : ''}.`),
  twins: { dask: 'aggregate_dask.py', pyspark: 'aggregate_pyspark.py' },
  scaleUp: 'the number of orders grows k times',
  scaleParam: 'rows',
  maxWorkers: (cores) => 4 * cores,
  toEngine: (values, scale) => ({ ...values, rows: values.rows * scale, customer_skew: Number(values.customer_skew) }),
};
