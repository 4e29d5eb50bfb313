// The join experiment's descriptor: orders ⋈ customers by broadcast or by repartition (crate/src/experiments/join.rs).
import { MAX_CUSTOMERS, MAX_ORDERS, SKEWS, number } from './params.js';

const percent = (share) => `${Math.round(100 * share)} %`;
const money = (cents) => `$${(cents / 100).toLocaleString('en-US', { maximumFractionDigits: 0 })}`;

export default {
  id: 'join',
  title: 'Join: broadcast or repartition',
  kind: 'data operator',
  explanation: `The orders (large) joined with the customers (small) on customer_id, then revenue per region. A join
    needs the rows that share a key on the same worker, and there are two ways to get them there. Broadcast: every
    worker gets the whole customers table, builds its own hash table of it ("build" in the timeline), then joins its
    share of the orders; no order moves, but the table is sent and built k times, so the build does not shrink with k.
    Repartition: both tables are hashed by customer_id into k buckets ("shuffle" on threads; on processes "route",
    and then the buckets travel: "shuffle"), and reducer r joins bucket r of both; every row moves once and all the work divides by k, but it is a second pass over the orders. Raise the
    customer skew to 2 and one customer has most of the orders: a repartition sends them all to one reducer, whose
    "join" bar outlasts the others and whose count the summary gives, while broadcast's workers stay even. Threads
    copy nothing; the summary says what a share-nothing run would move. On processes the bytes are measured:
    broadcast sends 6 bytes per customer to each of the k processes, repartition shuffles 12 bytes per order and 6
    per customer once. Where does broadcast stop paying? Run both strategies at customers 16384, 131072 and 1048576
    (same engine and workers, e.g. 1,2), tick the sweeps in the history and hover the points for their median times,
    or compare the bytes in the summaries: broadcast is faster while the customers are few; as they grow, its table
    costs k sends and k builds and outgrows the cache, and repartition catches up (with more workers, sooner: the
    build does not shrink with k, the repartition's work does).`,
  params: [
    { name: 'orders', label: 'Orders', default: 4194304, min: 1, max: MAX_ORDERS },
    { name: 'customers', label: 'Customers (the small side)', default: 262144, min: 1, max: MAX_CUSTOMERS },
    {
      name: 'customer_skew', label: 'Customer skew (Zipf exponent)', default: '0',
      choices: SKEWS.map((s) => ({ value: s, label: { 0: '0 (uniform)', 2: '2 (a hot customer)' }[s] ?? s })),
    },
    {
      name: 'strategy', label: 'Strategy', default: 'broadcast', choices: [
        { value: 'broadcast', label: 'broadcast the customers' },
        { value: 'repartition', label: 'repartition both (shuffle)' },
      ],
    },
    { name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295 },
  ],
  describeResult: ({ strategy, orders, customers, joined, regions, orders_by_part: parts }) => {
    const top = regions.slice(0, 3).map((r) => `${r.region} ${money(r.revenue_cents)}`).join(', ');
    const who = strategy === 'broadcast' ? 'worker' : 'reducer';
    const largest = Math.max(...parts);
    return `${number(joined)} of ${number(orders)} orders joined with ${number(customers)} customers; top regions by `
      + `revenue: ${top}. Orders joined per ${who}: ${parts.map(number).join(', ')} (the largest ${percent(largest / joined)}`
      + `${parts.length > 1 ? `; an even share would be ${percent(1 / parts.length)}` : ''}).`;
  },
  twins: { dask: 'join_dask.py', pyspark: 'join_pyspark.py' },
  scaleUp: 'the number of orders grows k times',
  scaleParam: 'orders',
  maxWorkers: (cores) => 4 * cores,
  toEngine: (values, scale) => ({ ...values, orders: values.orders * scale, customer_skew: Number(values.customer_skew) }),
};
