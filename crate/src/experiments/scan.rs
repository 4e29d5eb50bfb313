//! Filter, project and map: the operators that parallelise for free. Each of
//! the k workers holds an equal share of the orders and scans it,
//! keeps the orders whose product id is below a threshold (the filter: its
//! selectivity is a knob), keeps three of their six columns (the projection)
//! and applies a user-defined function (UDF) to each kept row, whose cost is a
//! knob. No row needs another, so the only question is what limits a worker:
//! with a cheap UDF the scan reads and writes memory more than it computes, and
//! stops scaling once the memory bus is busy; with an expensive one the cores.
//!
//! On the share-nothing engine every worker's partition is made where it is
//! scanned, before the clock starts (data stored on that node), so nothing is
//! sent out, and what comes back is the lesson: with `gather: rows` the kept,
//! projected rows travel to the coordinator, and their bytes shrink with the
//! selectivity (filtering where the data lives); with `gather: sum` only a
//! count and a checksum per partition do.

use std::ops::Range;
use std::sync::Arc;

use rayon::ThreadPool;
use serde::{Deserialize, Serialize};

use super::{decoded, encode, encoded_size, BytesMoved, Kernel, Output, PartResult, Partial, Plan};
use crate::data::{cache, draw, part_range, Orders, OrdersSpec, PRODUCTS};
use crate::gil;
use crate::schedule::{run_partials_on_pool, static_chunks, Cancelled, Experiment, RunControl, Schedule};
use crate::work::spin;
use crate::recorder;
use crate::work_record::Run;

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct ScanParams {
    pub rows: u32,
    /// Percent of the orders the filter keeps: those whose product id is
    /// below `selectivity` × 10 (product ids are uniform over 0..1000).
    pub selectivity: u32,
    /// Rounds of `spin` the UDF does per kept row (0: a single xor).
    pub udf_work: u32,
    pub gather: Gather,
    pub seed: u32,
}

/// What each partition sends back to the coordinator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gather {
    /// The kept rows' projected columns and their UDF values (a `collect()`).
    Rows,
    /// Only how many rows were kept and their checksum (an aggregate).
    Sum,
}

pub const MAX_UDF_WORK: u32 = 100_000;
/// A GIL checkpoint every so many rows, as CPython's loop has between bytecodes.
const ROWS_PER_CHECKPOINT: usize = 4096;
/// Bytes of a kept row after the projection: order id, customer id and amount
/// (4 bytes each), plus its UDF value (8 bytes).
pub const KEPT_ROW_BYTES: u64 = 4 + 4 + 4 + 8;
/// How many of the first kept rows the page shows.
const SHOWN_ROWS: usize = 3;
/// The table is stored as this many partitions, and each worker takes an equal
/// block of them (720 divides evenly among 1 to 6, 8, 9, 10, 12, 15 or 16
/// workers; otherwise the blocks differ by one partition, 0.14 % of the rows).
/// A number that does not depend on k lets a share-nothing worker know its
/// rows from its tasks alone.
const PARTITIONS: usize = 720;

impl ScanParams {
    fn spec(&self) -> OrdersSpec {
        OrdersSpec::with_uniform_customers(u64::from(self.seed), self.rows as usize)
    }

    /// The filter: `product_id < threshold`.
    fn threshold(&self) -> u16 {
        (u64::from(self.selectivity) * PRODUCTS / 100) as u16
    }

    /// The rows of a block of partitions.
    fn rows_of(&self, partitions: Range<usize>) -> Range<usize> {
        let rows = self.rows as usize;
        part_range(partitions.start, PARTITIONS, rows).start..part_range(partitions.end - 1, PARTITIONS, rows).end
    }

    /// The UDF: a score of the order from its customer and amount, mixed `udf_work` times.
    fn udf(&self, customer_id: u32, amount_cents: u32) -> u64 {
        spin(u64::from(customer_id) << 32 | u64::from(amount_cents), self.udf_work)
    }

    /// Filter, project and map over `rows` of `orders`: the kept rows, or
    /// just their summary. Column by column, as columnar engines do: the
    /// filter lists the kept rows (a selection vector), the projection copies
    /// each kept column along that list, and the UDF maps the copied columns,
    /// with a GIL checkpoint every block of rows. Each loop writes one column
    /// of a known length; pushing every kept row into the four columns in
    /// turn took 1.4× the native time in wasm (which keeps a column's length
    /// in memory, not in a register), this way about 1.0×.
    fn scan(&self, orders: &Orders, rows: Range<usize>) -> Scanned {
        let threshold = self.threshold();
        let rows_in = rows.len() as u64;
        let mut selected: Vec<u32> =
            Vec::with_capacity(rows.len() * self.selectivity as usize / 100 + ROWS_PER_CHECKPOINT);
        for block in rows.clone().step_by(ROWS_PER_CHECKPOINT) {
            gil::checkpoint();
            let block = block..(block + ROWS_PER_CHECKPOINT).min(rows.end);
            selected.extend(block.filter(|&row| orders.product_id[row] < threshold).map(|row| row as u32));
        }
        let blocks = selected.chunks(ROWS_PER_CHECKPOINT);
        match self.gather {
            Gather::Rows => {
                let mut kept = Kept::with_capacity(selected.len());
                for block in blocks {
                    gil::checkpoint();
                    let first = kept.order_id.len();
                    kept.order_id.extend(block.iter().map(|&row| orders.order_id[row as usize]));
                    kept.customer_id.extend(block.iter().map(|&row| orders.customer_id[row as usize]));
                    kept.amount_cents.extend(block.iter().map(|&row| orders.amount_cents[row as usize]));
                    let inputs = kept.customer_id[first..].iter().zip(&kept.amount_cents[first..]);
                    kept.score.extend(inputs.map(|(&customer_id, &amount_cents)| self.udf(customer_id, amount_cents)));
                }
                Scanned::Rows { rows_in, kept }
            }
            Gather::Sum => {
                let mut summary = Summary { rows_in, ..Summary::default() };
                for block in blocks {
                    gil::checkpoint();
                    for &row in block {
                        let row = row as usize;
                        summary.add(orders.order_id[row], self.udf(orders.customer_id[row], orders.amount_cents[row]));
                    }
                }
                Scanned::Sum(summary)
            }
        }
    }

    /// The partitions' results, in partition order, as one output.
    fn merge(&self, partials: Vec<Scanned>) -> Output {
        let mut summary = Summary::default();
        let mut shown = Vec::new();
        for partial in partials {
            match partial {
                Scanned::Rows { rows_in, kept } => {
                    summary.rows_in += rows_in;
                    for row in 0..kept.order_id.len() {
                        summary.add(kept.order_id[row], kept.score[row]);
                        if shown.len() < SHOWN_ROWS {
                            shown.push(serde_json::json!({
                                "order_id": kept.order_id[row],
                                "customer_id": kept.customer_id[row],
                                "amount_cents": kept.amount_cents[row],
                            }));
                        }
                    }
                }
                Scanned::Sum(part) => summary.merge(part),
            }
        }
        Output {
            checksum: summary.checksum,
            details: serde_json::json!({
                "rows_in": summary.rows_in,
                "rows_out": summary.rows_out,
                "product_below": self.threshold(),
                "kept_bytes": summary.rows_out * KEPT_ROW_BYTES,
                "gather": self.gather,
                "first_rows": shown,
            }),
            arrays: Vec::new(),
        }
    }
}

/// The kept rows' projected columns and UDF values.
#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
struct Kept {
    order_id: Vec<u32>,
    customer_id: Vec<u32>,
    amount_cents: Vec<u32>,
    score: Vec<u64>,
}

impl Kept {
    fn with_capacity(rows: usize) -> Kept {
        Kept {
            order_id: Vec::with_capacity(rows),
            customer_id: Vec::with_capacity(rows),
            amount_cents: Vec::with_capacity(rows),
            score: Vec::with_capacity(rows),
        }
    }
}

/// Counts, and a checksum of the kept rows that does not depend on their
/// order: a sum of one mixed number per row, so partial sums add up.
#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
struct Summary {
    rows_in: u64,
    rows_out: u64,
    checksum: u64,
}

impl Summary {
    fn add(&mut self, order_id: u32, score: u64) {
        self.rows_out += 1;
        self.checksum = self.checksum.wrapping_add(draw(score, u64::from(order_id)));
    }

    fn merge(&mut self, other: Summary) {
        self.rows_in += other.rows_in;
        self.rows_out += other.rows_out;
        self.checksum = self.checksum.wrapping_add(other.checksum);
    }
}

/// What one partition's scan gives, and what travels back from it.
#[derive(Debug, PartialEq, Deserialize, Serialize)]
enum Scanned {
    Rows { rows_in: u64, kept: Kept },
    Sum(Summary),
}

/// One run on the shared table.
struct SharedScan<'a> {
    params: &'a ScanParams,
    orders: Arc<Orders>,
}

impl Experiment for SharedScan<'_> {
    type Partial = Scanned;
    type Output = Vec<Scanned>;

    fn task_name(&self) -> &'static str {
        "partitions"
    }

    fn task_count(&self) -> usize {
        PARTITIONS
    }

    fn run_chunk(&self, partitions: Range<usize>) -> Scanned {
        self.params.scan(&self.orders, self.params.rows_of(partitions))
    }

    fn merge(&self, partials: Vec<Scanned>) -> Vec<Scanned> {
        partials
    }
}

/// Each worker scans its own block of partitions.
const SCHEDULE: Schedule = Schedule::StaticBlocks;

impl Kernel for ScanParams {
    fn validate(&self) -> Result<(), String> {
        self.spec().validate()?;
        if self.selectivity > 100 {
            return Err(format!("The selectivity is a percentage: at most 100 (got {}).", self.selectivity));
        }
        if self.udf_work > MAX_UDF_WORK {
            return Err(format!(
                "The UDF's work must be at most {MAX_UDF_WORK} rounds per row (got {}).",
                self.udf_work
            ));
        }
        Ok(())
    }

    fn prepare(&self, part: Option<(usize, usize)>) -> bool {
        let ranges = match part {
            None => vec![0..self.rows as usize],
            Some((worker, workers)) => static_chunks(SCHEDULE, worker, workers, PARTITIONS)
                .expect("a static schedule")
                .into_iter()
                .map(|partitions| self.rows_of(partitions))
                .collect(),
        };
        cache::ORDERS.keep(&self.spec(), &ranges);
        true
    }

    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        let orders = cache::ORDERS.get(&self.spec(), 0..self.rows as usize);
        let scan = SharedScan { params: self, orders };
        let (partials, mut log, started) = run_partials_on_pool(pool, &scan, SCHEDULE, control)?;
        // The coordinator's part: collect what the partitions gave.
        let partials = scan.merge(partials);
        let gathered: u64 = partials.iter().map(encoded_size).sum();
        let (mut output, merge_log) = recorder::merge(PARTITIONS, started, || self.merge(partials));
        log.absorb(merge_log);
        output.details["would_move"] = serde_json::json!(BytesMoved { scatter: 0, shuffle: 0, gather: gathered });
        Ok(Run::finished(output, pool.current_num_threads(), started, log))
    }

    fn sequential(&self) -> Output {
        let orders = self.spec().generate(0..self.rows as usize);
        self.merge(vec![self.scan(&orders, 0..self.rows as usize)])
    }

    fn plan(&self, _workers: usize) -> Plan {
        Plan {
            task_count: PARTITIONS,
            task_name: "partitions",
            schedule: SCHEDULE,
            input: None,
            dependencies: None,
            broadcast: None,
            shuffle: None,
        }
    }

    fn run_part(&self, partitions: Range<usize>, _workers: usize, _: Vec<u32>, _broadcast: &[u8]) -> PartResult {
        let rows = self.rows_of(partitions);
        let orders = cache::ORDERS.get(&self.spec(), rows.clone());
        let scanned = self.scan(&orders, 0..rows.len());
        PartResult { partial: Partial::Encoded(encode(&scanned)), wait_ms: 0 }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        Ok(self.merge(decoded(partials)?))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::experiments::share_nothing;

    fn params(rows: u32, selectivity: u32, gather: Gather, seed: u32) -> ScanParams {
        ScanParams { rows, selectivity, udf_work: 3, gather, seed }
    }

    fn on_threads(params: &ScanParams, k: usize) -> Run<Output> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
        params.prepare(None);
        params.run_threads(&pool, &RunControl::free(&AtomicBool::new(false))).unwrap()
    }

    #[test]
    fn threads_and_share_nothing_equal_the_sequential_scan_for_sizes_k_selectivities_and_seeds() {
        for (rows, selectivity, seed) in [(1, 100, 0), (999, 25, 1), (5000, 0, 2), (7001, 60, 3)] {
            for gather in [Gather::Rows, Gather::Sum] {
                let p = params(rows, selectivity, gather, seed);
                let expected = p.sequential();
                for k in [1, 2, 3, 7] {
                    assert_eq!(on_threads(&p, k).output.checksum, expected.checksum, "threads {p:?} k={k}");
                    let (output, _) = share_nothing::run(&p, k, PARTITIONS.div_ceil(k));
                    assert_eq!(output.checksum, expected.checksum, "share-nothing {p:?} k={k}");
                    assert_eq!(output.details["rows_out"], expected.details["rows_out"]);
                }
            }
        }
    }

    #[test]
    fn the_filter_keeps_the_selected_share_and_both_gathers_agree() {
        let rows = params(20_000, 25, Gather::Rows, 9).sequential();
        let sum = params(20_000, 25, Gather::Sum, 9).sequential();
        assert_eq!(rows.checksum, sum.checksum, "the same kept rows, gathered or summed");
        let kept = rows.details["rows_out"].as_u64().unwrap();
        assert!((4_500..5_500).contains(&kept), "about 25 % of 20000 kept: {kept}");
        assert_eq!(rows.details["kept_bytes"].as_u64().unwrap(), kept * KEPT_ROW_BYTES);
        assert_eq!(rows.details["first_rows"].as_array().unwrap().len(), SHOWN_ROWS);
        assert_eq!(params(500, 0, Gather::Rows, 9).sequential().details["rows_out"], 0);
        assert_eq!(params(500, 100, Gather::Sum, 9).sequential().details["rows_out"], 500);
    }

    #[test]
    fn the_udf_cost_changes_the_values_and_the_seed_the_data() {
        let cheap = ScanParams { udf_work: 0, ..params(2000, 50, Gather::Sum, 1) };
        let dear = ScanParams { udf_work: 100, ..cheap };
        assert_ne!(cheap.sequential().checksum, dear.sequential().checksum);
        assert_ne!(cheap.sequential().checksum, ScanParams { seed: 2, ..cheap }.sequential().checksum);
    }

    #[test]
    fn on_threads_the_run_says_what_a_share_nothing_run_would_gather() {
        let p = params(10_000, 50, Gather::Rows, 4);
        let run = on_threads(&p, 2);
        let moved: BytesMoved = serde_json::from_value(run.output.details["would_move"].clone()).unwrap();
        let kept = run.output.details["rows_out"].as_u64().unwrap();
        assert_eq!(moved.scatter, 0, "the data is made where it is scanned");
        assert!(moved.gather >= kept * KEPT_ROW_BYTES && moved.gather < kept * KEPT_ROW_BYTES + 100 * 2, "{moved:?}");
        let summed = on_threads(&ScanParams { gather: Gather::Sum, ..p }, 2);
        let moved: BytesMoved = serde_json::from_value(summed.output.details["would_move"].clone()).unwrap();
        assert!(moved.gather < 100, "two summaries: {moved:?}");
        assert!(run.records.iter().any(|r| r.worker == crate::work_record::Lane::MERGE));
        assert_eq!(run.distinct_workers(), 2);
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(params(0, 10, Gather::Sum, 0).validate().is_err());
        assert!(params(10, 101, Gather::Sum, 0).validate().unwrap_err().contains("percentage"));
        assert!(ScanParams { udf_work: MAX_UDF_WORK + 1, ..params(10, 10, Gather::Sum, 0) }.validate().is_err());
        assert!(params(10, 10, Gather::Sum, 0).validate().is_ok());
    }
}
