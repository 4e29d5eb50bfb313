//! Partitions and workers: the orders are stored as N partitions, N chosen
//! apart from the k workers, and workers take whole partitions (partition p
//! goes to worker p mod k). Each query sums the revenue of the orders whose
//! day lies in a range, with some work per row it reads (decoding it).
//!
//! - N < k leaves k − N workers without a partition. Splitting large
//!   partitions (cutting each into k / gcd(N, k) pieces, so that the pieces
//!   divide evenly among the workers) gives every worker work.
//! - Every partition (or piece) costs a fixed set-up when a worker opens it,
//!   so N ≫ k pays it many times: the grain of the work, again.
//! - Partitioning by an attribute: stored in row order, every partition holds
//!   orders of every day; stored by day (sorted by day, then order id, and cut
//!   into N equal parts, as a table stored partitioned by date is), each
//!   partition covers a few days. Every partition's first and last day are
//!   kept beside it (like Parquet's statistics); with pruning on, a partition
//!   whose days lie outside the query's range is skipped without being opened.
//!
//! The layout is made before the clock starts (`prepare`): on threads the
//! whole table, on a share-nothing worker just the partitions (or pieces) it
//! will scan, which for the day layout means going through the whole table
//! twice (once to count the orders per day, once to pick its rows): data
//! layout, done once, as a database does it when it stores the table. What
//! comes back from a partition is a few numbers, whatever it scanned.

use std::ops::{Range, RangeInclusive};
use std::sync::{Arc, Mutex};

use rayon::ThreadPool;
use serde::{Deserialize, Serialize};

use super::{decode, decoded, encode, encoded_size, BytesMoved, Kernel, Output, PartResult, Partial, Plan};
use crate::data::{draw, part_range, Orders, OrdersSpec, DAYS};
use crate::gil;
use crate::schedule::{run_on_pool, static_chunks, Cancelled, Experiment, RunControl, Schedule};
use crate::work::spin;
use crate::work_record::Run;

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct PartitionsParams {
    pub rows: u32,
    /// N, the number of partitions the orders are stored in.
    pub partitions: u32,
    pub split: Split,
    /// Set-up paid by every partition or piece a worker opens, in thousands of `spin` rounds.
    pub partition_work: u32,
    /// Work per row read (decoding it), in `spin` rounds.
    pub row_work: u32,
    pub layout: Layout,
    /// The query: orders with `day_from <= day <= day_to`.
    pub day_from: u32,
    pub day_to: u32,
    pub pruning: Pruning,
    pub seed: u32,
}

/// Whether partitions are cut into pieces when there are fewer of them than workers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    Whole,
    SplitLarge,
}

/// How the orders are laid out across the partitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// In order id order: every partition has orders of every day.
    Rows,
    /// Sorted by day (then order id): every partition covers a few days.
    Day,
}

/// Whether a partition whose days are all outside the query's range is skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pruning {
    On,
    Off,
}

/// Enough for N ≫ k, few enough for one timeline bar per partition.
pub const MAX_PARTITIONS: u32 = 4096;
pub const MAX_PARTITION_WORK: u32 = 100_000;
pub const MAX_ROW_WORK: u32 = 100_000;
/// A GIL checkpoint every so many rows, as CPython's loop has between bytecodes.
const ROWS_PER_CHECKPOINT: usize = 4096;
/// Rows made at a time while laying the table out by day.
const GENERATED_BLOCK: usize = 1 << 16;
/// Partition p goes to worker p mod k, one partition per chunk, so that the
/// timeline shows every partition, and the partitions a query reads spread
/// over the workers even when they are neighbours (a day range).
const SCHEDULE: Schedule = Schedule::StaticInterleaved { chunk: 1 };

impl PartitionsParams {
    fn spec(&self) -> OrdersSpec {
        OrdersSpec::with_uniform_customers(u64::from(self.seed), self.rows as usize)
    }

    /// The tasks of a run on `workers` workers: partitions, or their pieces.
    fn tasks(&self, workers: usize) -> Tasks {
        let partitions = self.partitions as usize;
        let pieces = if self.split == Split::SplitLarge && partitions < workers {
            workers / gcd(partitions, workers)
        } else {
            1
        };
        Tasks { rows: self.rows as usize, partitions, pieces }
    }

    fn days(&self) -> RangeInclusive<u16> {
        self.day_from as u16..=self.day_to as u16
    }

    /// Opens and scans task `task`, unless pruning skips it.
    fn run_task(&self, tasks: &Tasks, task: usize) -> Scanned {
        let partition = tasks.partition_of(task);
        let (orders, rows, partition_days) = stored_rows(self, partition, tasks.positions(task));
        let days = self.days();
        let overlaps = partition_days.as_ref().is_some_and(|d| d.start() <= days.end() && d.end() >= days.start());
        if self.pruning == Pruning::On && !overlaps {
            return Scanned { tasks_skipped: 1, ..Scanned::default() };
        }
        let mut scanned = Scanned { tasks_scanned: 1, rows_scanned: rows.len() as u64, ..Scanned::default() };
        // Opening the partition: its set-up, paid once per partition or piece.
        std::hint::black_box(spin(u64::from(self.seed) << 32 | task as u64, self.partition_work * 1000));
        for block in rows.clone().step_by(ROWS_PER_CHECKPOINT) {
            gil::checkpoint();
            for row in block..(block + ROWS_PER_CHECKPOINT).min(rows.end) {
                let order_id = orders.order_id[row];
                let decoded = spin(u64::from(order_id), self.row_work);
                if days.contains(&orders.day[row]) {
                    scanned.add_match(order_id, orders.amount_cents[row], decoded);
                } else {
                    std::hint::black_box(decoded);
                }
            }
        }
        scanned
    }

    fn output(&self, tasks: &Tasks, scanned: Scanned) -> Output {
        let pieces = tasks.pieces as u64;
        Output {
            checksum: scanned.checksum,
            details: serde_json::json!({
                "rows": self.rows,
                "partitions": tasks.partitions,
                "pieces_per_partition": tasks.pieces,
                "partitions_scanned": scanned.tasks_scanned / pieces,
                "partitions_skipped": scanned.tasks_skipped / pieces,
                "rows_scanned": scanned.rows_scanned,
                "rows_matched": scanned.rows_matched,
                "revenue_cents": scanned.revenue_cents,
                "layout": self.layout,
                "pruning": self.pruning,
                "days": [self.day_from, self.day_to],
            }),
            arrays: Vec::new(),
        }
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// How the laid-out table is cut into tasks: `partitions` equal partitions of
/// its positions, each cut into `pieces` equal pieces.
#[derive(Clone, Copy, Debug)]
struct Tasks {
    rows: usize,
    partitions: usize,
    pieces: usize,
}

impl Tasks {
    fn count(&self) -> usize {
        self.partitions * self.pieces
    }

    fn partition_of(&self, task: usize) -> usize {
        task / self.pieces
    }

    fn partition(&self, partition: usize) -> Range<usize> {
        part_range(partition, self.partitions, self.rows)
    }

    /// The positions of the laid-out table that task `task` reads.
    fn positions(&self, task: usize) -> Range<usize> {
        let partition = self.partition(self.partition_of(task));
        let piece = part_range(task % self.pieces, self.pieces, partition.len());
        partition.start + piece.start..partition.start + piece.end
    }
}

/// What scanning some tasks found; sums of them merge by adding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize, Serialize)]
struct Scanned {
    tasks_scanned: u64,
    tasks_skipped: u64,
    rows_scanned: u64,
    rows_matched: u64,
    revenue_cents: u64,
    /// A sum of one mixed number per matching row: the same whatever the
    /// layout, pruning or k, as long as the same orders match.
    checksum: u64,
}

impl Scanned {
    /// An order that the query matched, and its row once decoded.
    fn add_match(&mut self, order_id: u32, amount_cents: u32, decoded: u64) {
        self.rows_matched += 1;
        self.revenue_cents += u64::from(amount_cents);
        self.checksum = self.checksum.wrapping_add(draw(decoded ^ u64::from(amount_cents), u64::from(order_id)));
    }

    fn add(mut self, other: Scanned) -> Scanned {
        self.tasks_scanned += other.tasks_scanned;
        self.tasks_skipped += other.tasks_skipped;
        self.rows_scanned += other.rows_scanned;
        self.rows_matched += other.rows_matched;
        self.revenue_cents += other.revenue_cents;
        self.checksum = self.checksum.wrapping_add(other.checksum);
        self
    }
}

/// The orders as this worker stores them: blocks of positions of the laid-out
/// table (whole partitions on threads, a worker's pieces on processes), and
/// the first and last day of the partitions they belong to.
struct Stored {
    spec: OrdersSpec,
    layout: Layout,
    partitions: usize,
    /// Sorted by their first position; they do not overlap.
    blocks: Vec<(Range<usize>, Arc<Orders>)>,
    /// Per partition: its first and last day (None when empty or not stored here).
    days: Vec<Option<RangeInclusive<u16>>>,
}

static STORED: Mutex<Option<Arc<Stored>>> = Mutex::new(None);

impl Stored {
    /// Lays out the table and keeps `wanted` (blocks of positions with their
    /// partitions), reusing those of `old` that it already holds.
    fn make(params: &PartitionsParams, wanted: &[(usize, Range<usize>)], old: Option<&Stored>) -> Stored {
        let spec = params.spec();
        let tasks = params.tasks(1);
        let old = old.filter(|o| o.spec == spec && o.layout == params.layout && o.partitions == tasks.partitions);
        let mut missing: Vec<(usize, Range<usize>)> = wanted
            .iter()
            .filter(|(_, range)| old.is_none_or(|o| !o.blocks.iter().any(|(r, _)| r == range)))
            .cloned()
            .collect();
        missing.sort_by_key(|(_, range)| range.start);
        let mut days = old.map_or_else(|| vec![None; tasks.partitions], |o| o.days.clone());
        let made = match params.layout {
            _ if missing.is_empty() => Vec::new(),
            Layout::Rows => by_rows(&spec, &tasks, &missing, &mut days),
            Layout::Day => by_day(&spec, &tasks, &missing, &mut days),
        };
        let mut blocks: Vec<(Range<usize>, Arc<Orders>)> = wanted
            .iter()
            .map(|(_, range)| {
                let kept =
                    old.and_then(|o| o.blocks.iter().find(|(r, _)| r == range).map(|(_, data)| Arc::clone(data)));
                (
                    range.clone(),
                    kept.unwrap_or_else(|| Arc::clone(&made[missing.iter().position(|(_, r)| r == range).unwrap()])),
                )
            })
            .collect();
        blocks.sort_by_key(|(range, _)| range.start);
        Stored { spec, layout: params.layout, partitions: tasks.partitions, blocks, days }
    }

    fn holds(&self, params: &PartitionsParams) -> bool {
        self.spec == params.spec() && self.layout == params.layout && self.partitions == params.partitions as usize
    }

    /// The block that holds `positions`, and where they are in it.
    fn find(&self, positions: &Range<usize>) -> Option<(Arc<Orders>, Range<usize>)> {
        let after = self.blocks.partition_point(|(range, _)| range.start <= positions.start);
        let (range, data) = self.blocks.get(after.checked_sub(1)?)?;
        (positions.end <= range.end)
            .then(|| (Arc::clone(data), positions.start - range.start..positions.end - range.start))
    }
}

/// The rows at `positions` of partition `partition`, where they are in the
/// returned block, and the partition's days: from what `prepare` stored, or
/// made now if it was not stored here.
fn stored_rows(
    params: &PartitionsParams,
    partition: usize,
    positions: Range<usize>,
) -> (Arc<Orders>, Range<usize>, Option<RangeInclusive<u16>>) {
    let stored = STORED.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
    if let Some(stored) = stored.filter(|s| s.holds(params)) {
        if let Some((orders, rows)) = stored.find(&positions) {
            return (orders, rows, stored.days[partition].clone());
        }
    }
    let made = Stored::make(params, &[(partition, positions.clone())], None);
    let (orders, rows) = made.find(&positions).expect("just made");
    (orders, rows, made.days[partition].clone())
}

/// The blocks of the row layout: rows `range` of the table are its positions.
/// A partition's days are those of its rows, so its rows are made in full.
fn by_rows(
    spec: &OrdersSpec,
    tasks: &Tasks,
    wanted: &[(usize, Range<usize>)],
    days: &mut [Option<RangeInclusive<u16>>],
) -> Vec<Arc<Orders>> {
    let mut made: Vec<Arc<Orders>> = Vec::with_capacity(wanted.len());
    let mut whole: Option<(usize, Arc<Orders>)> = None;
    for (partition, range) in wanted {
        let rows = tasks.partition(*partition);
        if whole.as_ref().is_none_or(|(p, _)| p != partition) {
            let orders = spec.generate(rows.clone());
            days[*partition] = day_span(orders.day.iter().copied());
            whole = Some((*partition, Arc::new(orders)));
        }
        let orders = &whole.as_ref().expect("made above").1;
        made.push(if *range == rows {
            Arc::clone(orders)
        } else {
            Arc::new(slice(orders, range.start - rows.start..range.end - rows.start))
        });
    }
    made
}

/// The blocks of the day layout, whose position of an order is its rank by
/// (day, order id). Two passes over the whole table: the first counts the
/// orders of each day (which gives every partition's days), the second puts
/// each wanted order at its position.
fn by_day(
    spec: &OrdersSpec,
    tasks: &Tasks,
    wanted: &[(usize, Range<usize>)],
    days: &mut [Option<RangeInclusive<u16>>],
) -> Vec<Arc<Orders>> {
    let blocks =
        || (0..spec.rows).step_by(GENERATED_BLOCK).map(|start| start..(start + GENERATED_BLOCK).min(spec.rows));
    let mut first_of_day = vec![0usize; DAYS as usize + 1];
    for block in blocks() {
        for day in spec.generate(block).day {
            first_of_day[usize::from(day) + 1] += 1;
        }
    }
    for day in 1..first_of_day.len() {
        first_of_day[day] += first_of_day[day - 1];
    }
    // The day at a position: the last day that starts at or before it.
    let day_at = |position: usize| (first_of_day.partition_point(|&first| first <= position) - 1) as u16;
    for (partition, span) in days.iter_mut().enumerate() {
        let positions = tasks.partition(partition);
        *span = (!positions.is_empty()).then(|| day_at(positions.start)..=day_at(positions.end - 1));
    }
    let mut made: Vec<Orders> = wanted.iter().map(|(_, range)| zeroed(range.len())).collect();
    let mut next_of_day = first_of_day;
    for block in blocks() {
        let orders = spec.generate(block);
        for row in 0..orders.len() {
            let day = usize::from(orders.day[row]);
            let position = next_of_day[day];
            next_of_day[day] += 1;
            let holder = wanted.partition_point(|(_, range)| range.start <= position);
            let Some((_, range)) = holder.checked_sub(1).map(|h| &wanted[h]) else { continue };
            if position < range.end {
                put(&mut made[holder - 1], position - range.start, &orders, row);
            }
        }
    }
    made.into_iter().map(Arc::new).collect()
}

fn day_span(days: impl Iterator<Item = u16>) -> Option<RangeInclusive<u16>> {
    days.fold(None, |span, day| match span {
        None => Some(day..=day),
        Some(span) => Some(*span.start().min(&day)..=*span.end().max(&day)),
    })
}

fn zeroed(rows: usize) -> Orders {
    Orders {
        order_id: vec![0; rows],
        customer_id: vec![0; rows],
        product_id: vec![0; rows],
        quantity: vec![0; rows],
        amount_cents: vec![0; rows],
        day: vec![0; rows],
    }
}

fn put(into: &mut Orders, at: usize, from: &Orders, row: usize) {
    into.order_id[at] = from.order_id[row];
    into.customer_id[at] = from.customer_id[row];
    into.product_id[at] = from.product_id[row];
    into.quantity[at] = from.quantity[row];
    into.amount_cents[at] = from.amount_cents[row];
    into.day[at] = from.day[row];
}

fn slice(orders: &Orders, rows: Range<usize>) -> Orders {
    Orders {
        order_id: orders.order_id[rows.clone()].to_vec(),
        customer_id: orders.customer_id[rows.clone()].to_vec(),
        product_id: orders.product_id[rows.clone()].to_vec(),
        quantity: orders.quantity[rows.clone()].to_vec(),
        amount_cents: orders.amount_cents[rows.clone()].to_vec(),
        day: orders.day[rows].to_vec(),
    }
}

/// One run on a pool of k workers, over the stored table.
struct SharedScan<'a> {
    params: &'a PartitionsParams,
    tasks: Tasks,
}

impl Experiment for SharedScan<'_> {
    type Partial = Scanned;
    type Output = Scanned;

    fn task_name(&self) -> &'static str {
        if self.tasks.pieces > 1 {
            "pieces"
        } else {
            "partitions"
        }
    }

    fn task_count(&self) -> usize {
        self.tasks.count()
    }

    fn run_chunk(&self, tasks: Range<usize>) -> Scanned {
        tasks.map(|task| self.params.run_task(&self.tasks, task)).fold(Scanned::default(), Scanned::add)
    }

    fn merge(&self, partials: Vec<Scanned>) -> Scanned {
        partials.into_iter().fold(Scanned::default(), Scanned::add)
    }
}

impl Kernel for PartitionsParams {
    fn validate(&self) -> Result<(), String> {
        self.spec().validate()?;
        if !(1..=MAX_PARTITIONS).contains(&self.partitions) || self.partitions > self.rows {
            return Err(format!(
                "Partitions must be between 1 and {MAX_PARTITIONS}, and at most the number of orders (got {}).",
                self.partitions
            ));
        }
        if self.partition_work > MAX_PARTITION_WORK || self.row_work > MAX_ROW_WORK {
            return Err(format!(
                "The set-up per partition must be at most {MAX_PARTITION_WORK} thousand rounds, and the work per row at most {MAX_ROW_WORK} rounds."
            ));
        }
        if self.day_from > self.day_to || u64::from(self.day_to) >= DAYS {
            return Err(format!(
                "The days of the query must go from a day to the same or a later one, within 0 to {} (got {} to {}).",
                DAYS - 1,
                self.day_from,
                self.day_to
            ));
        }
        Ok(())
    }

    fn prepare(&self, part: Option<(usize, usize)>) -> bool {
        // Threads keep whole partitions (a pool of any k reads its pieces from
        // them); a share-nothing worker keeps the pieces it will scan.
        let wanted: Vec<(usize, Range<usize>)> = match part {
            None => {
                let tasks = self.tasks(1);
                (0..tasks.partitions).map(|p| (p, tasks.partition(p))).collect()
            }
            Some((worker, workers)) => {
                let tasks = self.tasks(workers);
                static_chunks(SCHEDULE, worker, workers, tasks.count())
                    .expect("a static schedule")
                    .into_iter()
                    .flatten()
                    .map(|task| (tasks.partition_of(task), tasks.positions(task)))
                    .collect()
            }
        };
        let mut stored = STORED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Free the old layout's memory first unless it can be reused.
        let old = stored.take().filter(|old| old.holds(self));
        *stored = Some(Arc::new(Stored::make(self, &wanted, old.as_deref())));
        true
    }

    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        let scan = SharedScan { params: self, tasks: self.tasks(pool.current_num_threads()) };
        let run = run_on_pool(pool, &scan, SCHEDULE, control)?;
        Ok(run.map(|scanned| {
            let mut output = self.output(&scan.tasks, scanned);
            // One small summary per partition would travel back.
            let gather = scan.tasks.count() as u64 * encoded_size(&Scanned::default());
            output.details["would_move"] = serde_json::json!(BytesMoved { scatter: 0, shuffle: 0, gather });
            output
        }))
    }

    fn sequential(&self) -> Output {
        // The reference reads the table in row order and filters every order: no partitions, no pruning.
        let orders = self.spec().generate(0..self.rows as usize);
        let days = self.days();
        let mut scanned = Scanned { rows_scanned: orders.len() as u64, ..Scanned::default() };
        for row in 0..orders.len() {
            if days.contains(&orders.day[row]) {
                let order_id = orders.order_id[row];
                scanned.add_match(order_id, orders.amount_cents[row], spin(u64::from(order_id), self.row_work));
            }
        }
        let tasks = self.tasks(1);
        scanned.tasks_scanned = tasks.count() as u64;
        self.output(&tasks, scanned)
    }

    fn plan(&self, workers: usize) -> Plan {
        let tasks = self.tasks(workers);
        Plan {
            task_count: tasks.count(),
            task_name: if tasks.pieces > 1 { "pieces" } else { "partitions" },
            schedule: SCHEDULE,
            input: None,
            dependencies: None,
            // Split partitions: every worker must know into how many pieces.
            broadcast: (tasks.pieces > 1).then(|| encode(&(tasks.pieces as u32))),
            shuffle: None,
        }
    }

    fn run_part(&self, tasks: Range<usize>, _workers: usize, _: Vec<u32>, broadcast: &[u8]) -> PartResult {
        let pieces = if broadcast.is_empty() { 1 } else { decode::<u32>(broadcast).expect("the plan's pieces") };
        let layout = Tasks { pieces: pieces as usize, ..self.tasks(1) };
        let scanned = tasks.map(|task| self.run_task(&layout, task)).fold(Scanned::default(), Scanned::add);
        PartResult { partial: Partial::Encoded(encode(&scanned)), wait_ms: 0 }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        let scanned = decoded::<Scanned>(partials)?.into_iter().fold(Scanned::default(), Scanned::add);
        let pieces = (scanned.tasks_scanned + scanned.tasks_skipped) as usize / self.partitions as usize;
        Ok(self.output(&Tasks { pieces, ..self.tasks(1) }, scanned))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::experiments::share_nothing;

    fn params(rows: u32, partitions: u32, layout: Layout, days: (u32, u32), pruning: Pruning) -> PartitionsParams {
        PartitionsParams {
            rows,
            partitions,
            split: Split::Whole,
            partition_work: 1,
            row_work: 2,
            layout,
            day_from: days.0,
            day_to: days.1,
            pruning,
            seed: 3,
        }
    }

    fn on_threads(params: &PartitionsParams, k: usize) -> Output {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
        params.prepare(None);
        params.run_threads(&pool, &RunControl::free(&AtomicBool::new(false))).unwrap().output
    }

    fn count(output: &Output, what: &str) -> u64 {
        output.details[what].as_u64().unwrap()
    }

    #[test]
    fn every_layout_pruning_split_and_k_equals_the_sequential_reference() {
        for (rows, partitions, days, seed) in [(1, 1, (0, 364), 0), (2000, 3, (10, 20), 1), (5003, 16, (100, 250), 2)] {
            for layout in [Layout::Rows, Layout::Day] {
                for pruning in [Pruning::On, Pruning::Off] {
                    for split in [Split::Whole, Split::SplitLarge] {
                        let p = PartitionsParams { split, seed, ..params(rows, partitions, layout, days, pruning) };
                        let expected = p.sequential();
                        for k in [1, 2, 3, 5] {
                            let threads = on_threads(&p, k);
                            assert_eq!(threads.checksum, expected.checksum, "threads {p:?} k={k}");
                            assert_eq!(threads.details["rows_matched"], expected.details["rows_matched"]);
                            let (processes, _) = share_nothing::run(&p, k, 1);
                            assert_eq!(processes.checksum, expected.checksum, "share-nothing {p:?} k={k}");
                            assert_eq!(
                                processes.details,
                                threads
                                    .details
                                    .as_object()
                                    .map(|d| {
                                        let mut d = d.clone();
                                        d.remove("would_move");
                                        serde_json::Value::Object(d)
                                    })
                                    .unwrap(),
                                "{p:?} k={k}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn by_day_a_narrow_range_skips_the_other_partitions_and_in_row_order_none() {
        let days = (0, 44);
        let by_day = on_threads(&params(20_000, 8, Layout::Day, days, Pruning::On), 2);
        // 45 of 365 days fall in the first of 8 partitions of about 45.6 days each.
        assert_eq!(count(&by_day, "partitions_scanned"), 1);
        assert_eq!(count(&by_day, "partitions_skipped"), 7);
        assert_eq!(count(&by_day, "rows_scanned"), 2500);
        let in_row_order = on_threads(&params(20_000, 8, Layout::Rows, days, Pruning::On), 2);
        assert_eq!(count(&in_row_order, "partitions_scanned"), 8, "every partition holds orders of every day");
        assert_eq!(count(&in_row_order, "rows_scanned"), 20_000);
        let unpruned = on_threads(&params(20_000, 8, Layout::Day, days, Pruning::Off), 2);
        assert_eq!(count(&unpruned, "partitions_skipped"), 0);
        assert_eq!(unpruned.checksum, by_day.checksum, "pruning skips no matching order");
        assert_eq!(in_row_order.checksum, by_day.checksum);
    }

    #[test]
    fn the_day_layout_puts_every_order_once_in_day_order() {
        let p = params(3000, 4, Layout::Day, (0, 364), Pruning::Off);
        let tasks = p.tasks(1);
        let wanted: Vec<_> = (0..4).map(|q| (q, tasks.partition(q))).collect();
        let stored = Stored::make(&p, &wanted, None);
        let mut ids: Vec<u32> = stored.blocks.iter().flat_map(|(_, o)| o.order_id.clone()).collect();
        let days: Vec<u16> = stored.blocks.iter().flat_map(|(_, o)| o.day.clone()).collect();
        assert!(days.windows(2).all(|w| w[0] <= w[1]), "sorted by day");
        for (partition, (_, orders)) in stored.blocks.iter().enumerate() {
            let span = stored.days[partition].clone().unwrap();
            assert_eq!((*span.start(), *span.end()), (orders.day[0], *orders.day.last().unwrap()));
        }
        ids.sort_unstable();
        assert_eq!(ids, (0..3000).collect::<Vec<u32>>());
    }

    #[test]
    fn fewer_partitions_than_workers_leave_workers_idle_unless_split() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        let whole = params(4000, 2, Layout::Rows, (0, 364), Pruning::On);
        whole.prepare(None);
        let run = whole.run_threads(&pool, &RunControl::free(&AtomicBool::new(false))).unwrap();
        assert_eq!(run.distinct_workers(), 2);
        let split = PartitionsParams { split: Split::SplitLarge, ..whole };
        let run = split.run_threads(&pool, &RunControl::free(&AtomicBool::new(false))).unwrap();
        assert_eq!(run.distinct_workers(), 4);
        assert_eq!(run.output.details["pieces_per_partition"], 2);
        assert_eq!(count(&run.output, "partitions_scanned"), 2);
        // 3 partitions on 4 workers: 4 pieces each, 3 per worker.
        assert_eq!(PartitionsParams { partitions: 3, ..split }.tasks(4).count(), 12);
        assert_eq!(PartitionsParams { partitions: 6, ..split }.tasks(4).count(), 6, "N ≥ k: nothing to split");
    }

    #[test]
    fn bad_parameters_are_refused() {
        let good = params(100, 4, Layout::Day, (3, 9), Pruning::On);
        assert!(good.validate().is_ok());
        assert!(PartitionsParams { partitions: 0, ..good }.validate().is_err());
        assert!(PartitionsParams { partitions: 101, ..good }
            .validate()
            .unwrap_err()
            .contains("at most the number of orders"));
        assert!(PartitionsParams { day_from: 10, ..good }.validate().unwrap_err().contains("later"));
        assert!(PartitionsParams { day_to: 365, ..good }.validate().is_err());
        assert!(PartitionsParams { row_work: MAX_ROW_WORK + 1, ..good }.validate().is_err());
    }
}
