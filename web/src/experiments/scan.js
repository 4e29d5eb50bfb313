// The scan experiment (crate/src/experiments/scan.rs): filter, project and a
// user-defined function over the orders, each worker on its own share.
import { number } from './params.js';

const size = (bytes) => (bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
const money = (cents) => (cents / 100).toFixed(2);

export default {
  id: 'scan',
  title: 'Filter, project, map: a scan with a UDF',
  kind: 'data parallel',
  explanation: `The first operators of any data pipeline, and the ones that parallelise for free. The orders table
    (generated from the seed; making it is not timed) is shared out equally among the workers. Each worker scans its
    share: the filter keeps the orders whose product id is below a threshold (product ids are uniform, so the
    selectivity you set is the share kept, within a few rows), the projection keeps three of the six columns (order id,
    customer id, amount), and a user-defined function (UDF) computes a score for every kept row, at a cost you set. No
    row needs another, so what limits a worker is its own work. With an expensive UDF that is computing, and the
    speedup follows the cores. With a cheap one (0 rounds) a worker mostly moves data: it reads the columns and
    writes the kept rows, so it waits for memory, and memory has one bus for all cores: the speedup stops below the
    core count (on a 2-core machine it is already below that of the expensive UDF at k = 2), and the coordinator's
    collect of the kept rows (the merge lane) does not shrink with k at all. On processes each worker's share is
    made where it is scanned, like data stored on that node, so nothing is sent out; what comes back is the lesson.
    Gather "kept rows" sends every kept, projected row to the coordinator (the summary gives the bytes: they grow with
    the selectivity); "count and checksum" sends one small summary per worker. Filter and project where the data
    lives, and move only what is left.`,
  params: [
    { name: 'rows', label: 'Orders', default: 2000000, min: 1, max: 8388608 },
    { name: 'selectivity', label: 'Selectivity (share of orders kept)', unit: '%', default: 25, min: 0, max: 100 },
    { name: 'udf_work', label: 'UDF: work per kept row', unit: 'rounds', default: 200, min: 0, max: 100000 },
    {
      name: 'gather', label: 'What comes back', default: 'rows', choices: [
        { value: 'rows', label: 'kept rows (projected columns + UDF value)' },
        { value: 'sum', label: 'count and checksum only' },
      ],
    },
    { name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295 },
  ],
  describeResult: (details) => {
    const { rows_in: rowsIn, rows_out: rowsOut } = details;
    const share = rowsIn ? ` (${(100 * rowsOut / rowsIn).toFixed(1)} %)` : '';
    const kept = `${number(rowsIn)} orders in, ${number(rowsOut)} out${share}: product id below ${details.product_below}; `
      + `projected to order id, customer id and amount, plus the UDF's score: ${size(details.kept_bytes)} of kept columns.`;
    if (details.gather === 'sum') return `${kept} Only a count and a checksum per worker came back.`;
    const first = details.first_rows.map((r) => `#${r.order_id} (customer ${r.customer_id}, ${money(r.amount_cents)})`);
    return `${kept} All of them came back to the coordinator${first.length ? `; the first: ${first.join(', ')}` : ''}.`;
  },
  // A cheap UDF leaves mostly reading and writing memory: the what-if caps its prediction by the memory's bandwidth.
  memoryBound: ({ udf_work: udfWork }) => udfWork === 0,
  twins: { dask: 'scan_dask.py', pyspark: 'scan_pyspark.py' },
  scaleUp: 'the number of orders grows k times',
  scaleParam: 'rows',
  maxWorkers: (cores) => 4 * cores,
  toEngine: (values, scale) => ({ ...values, rows: values.rows * scale }),
};
