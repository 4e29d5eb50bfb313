//! Join: orders ⋈ customers on customer_id, then revenue per region. A join
//! needs the rows of both tables that share a key on the same worker, and
//! there are two ways to get them there:
//! - `broadcast`: every worker gets the whole (small) customers table and
//!   builds a hash table of it, then joins its own partition of the orders.
//!   Nothing of the orders moves, but the table travels k times, and every
//!   worker builds the same hash table: work that does not shrink with k.
//! - `repartition` (shuffle): both tables are hashed by customer_id into k
//!   partitions; reducer r gets partition r of both and joins them. Every row
//!   moves once and all the work divides by k, but a hot customer puts all its
//!   orders on one reducer.
//!
//! On threads the broadcast's workers build their own tables, as the
//! processes (and a cluster's machines) must: one shared table built once
//! would be the same serial build with the other workers waiting for it, and
//! per-worker tables keep the two engines' timelines alike. The repartition
//! runs as two rounds in shared memory, writing buckets ("shuffle") and then
//! joining them; the page is told what a share-nothing run would move.

use std::ops::Range;

use rayon::ThreadPool;
use serde::{Deserialize, Serialize};

use super::{
    column, decode, decoded, encode, encoded_size, BytesMoved, Kernel, Output, PartResult, Partial, Plan, Shuffle,
};
use crate::data::cache::{CUSTOMERS, ORDERS};
use crate::data::{below, draw, part_range, Customers, CustomersSpec, Orders, OrdersSpec, Skew, REGIONS};
use crate::gil;
use crate::schedule::{static_chunks, Cancelled, Rounds, RunControl, Schedule};
use crate::work::checksum;
use crate::work_record::Run;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinStrategy {
    Broadcast,
    Repartition,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct JoinParams {
    /// Rows of the large side.
    pub orders: usize,
    /// Rows of the small side: the table a broadcast sends to every worker.
    pub customers: usize,
    /// Zipf exponent of the orders' customer ids: high skew makes a hot customer.
    pub customer_skew: Skew,
    pub strategy: JoinStrategy,
    pub seed: u64,
}

/// Bytes of an order's columns that a repartition moves (order_id, customer_id, amount_cents).
pub const SHUFFLED_ORDER_BYTES: usize = 12;

// How many rows between two GIL checkpoints.
const ROWS_PER_CHECKPOINT: usize = 4096;
// The seed of the hash that sends a customer id to a reducer.
const ROUTE_SEED: u64 = 0x6A6F_696E;

impl JoinParams {
    fn orders_spec(&self) -> OrdersSpec {
        OrdersSpec { seed: self.seed, rows: self.orders, customers: self.customers, customer_skew: self.customer_skew }
    }

    fn customers_spec(&self) -> CustomersSpec {
        CustomersSpec { seed: self.seed, customers: self.customers }
    }
}

/// The reducer (of `reducers`) that joins the rows with this customer id.
fn reducer_of(customer_id: u32, reducers: usize) -> usize {
    below(draw(ROUTE_SEED, u64::from(customer_id)), reducers as u64) as usize
}

/// A hash table from customer id to its region and segment, by open
/// addressing: one u32 a slot (id, region and segment packed), probed
/// linearly from the id's multiplicative hash.
struct CustomerTable {
    slots: Vec<u32>,
    shift: u32,
}

const EMPTY: u32 = u32::MAX;
// Customer ids have at most 20 bits (MAX_CUSTOMERS = 2^20), regions 3 and segments 2.
const ID_SHIFT: u32 = 5;

impl CustomerTable {
    fn new(customers: usize) -> CustomerTable {
        // At most half full, so that a probe finds its key or a hole within a slot or two.
        let capacity = (2 * customers).next_power_of_two().max(2);
        CustomerTable { slots: vec![EMPTY; capacity], shift: 64 - capacity.trailing_zeros() }
    }

    fn home(&self, id: u32) -> usize {
        (u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    fn insert_all(&mut self, customers: CustomerView) {
        let mask = self.slots.len() - 1;
        let blocks =
            customers.customer_id.chunks(ROWS_PER_CHECKPOINT).zip(customers.region.chunks(ROWS_PER_CHECKPOINT));
        for ((ids, regions), segments) in blocks.zip(customers.segment.chunks(ROWS_PER_CHECKPOINT)) {
            gil::checkpoint();
            for ((&id, &region), &segment) in ids.iter().zip(regions).zip(segments) {
                let mut slot = self.home(id);
                while self.slots[slot] != EMPTY {
                    slot = (slot + 1) & mask;
                }
                self.slots[slot] = id << ID_SHIFT | u32::from(region) << 2 | u32::from(segment);
            }
        }
    }

    /// The region and segment of customer `id`, if the table has it.
    fn get(&self, id: u32) -> Option<(u8, u8)> {
        let mask = self.slots.len() - 1;
        let mut slot = self.home(id);
        loop {
            let entry = self.slots[slot];
            if entry == EMPTY {
                return None;
            }
            if entry >> ID_SHIFT == id {
                return Some(((entry >> 2 & 7) as u8, (entry & 3) as u8));
            }
            slot = (slot + 1) & mask;
        }
    }

    fn of(customers: &[CustomerView]) -> CustomerTable {
        let mut table = CustomerTable::new(customers.iter().map(|c| c.customer_id.len()).sum());
        for &part in customers {
            table.insert_all(part);
        }
        table
    }
}

/// What the join computes, added up over any set of joined rows: revenue and
/// orders per region, and a sum of one hash per joined row, so that the result
/// does not depend on which worker joined which row, or in which order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct JoinSums {
    revenue_cents: [u64; REGIONS.len()],
    orders: [u64; REGIONS.len()],
    rows_hash: u64,
}

impl JoinSums {
    fn add(&mut self, other: &JoinSums) {
        for region in 0..REGIONS.len() {
            self.revenue_cents[region] += other.revenue_cents[region];
            self.orders[region] += other.orders[region];
        }
        self.rows_hash = self.rows_hash.wrapping_add(other.rows_hash);
    }

    fn total(parts: impl IntoIterator<Item = JoinSums>) -> JoinSums {
        parts.into_iter().fold(JoinSums::default(), |mut sum, part| {
            sum.add(&part);
            sum
        })
    }
}

/// The order columns a join reads, as they travel in a shuffle.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct OrderRows {
    #[serde(with = "column")]
    order_id: Vec<u32>,
    #[serde(with = "column")]
    customer_id: Vec<u32>,
    #[serde(with = "column")]
    amount_cents: Vec<u32>,
}

/// The customers' columns as they travel, in a broadcast or in a shuffle.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct CustomerRows {
    #[serde(with = "column")]
    customer_id: Vec<u32>,
    #[serde(with = "column")]
    region: Vec<u8>,
    #[serde(with = "column")]
    segment: Vec<u8>,
}

impl CustomerRows {
    fn of(customers: &Customers) -> CustomerRows {
        CustomerRows {
            customer_id: customers.customer_id.clone(),
            region: customers.region.clone(),
            segment: customers.segment.clone(),
        }
    }

    fn len(&self) -> usize {
        self.customer_id.len()
    }

    fn reserve(&mut self, rows: usize) {
        self.customer_id.reserve(rows);
        self.region.reserve(rows);
        self.segment.reserve(rows);
    }
}

impl OrderRows {
    fn reserve(&mut self, rows: usize) {
        self.order_id.reserve(rows);
        self.customer_id.reserve(rows);
        self.amount_cents.reserve(rows);
    }
}

/// Rows of those columns where they lie: in a table, or in a bucket.
#[derive(Clone, Copy)]
struct OrderView<'a> {
    order_id: &'a [u32],
    customer_id: &'a [u32],
    amount_cents: &'a [u32],
}

impl<'a> OrderView<'a> {
    fn of(orders: &'a Orders, rows: Range<usize>) -> OrderView<'a> {
        OrderView {
            order_id: &orders.order_id[rows.clone()],
            customer_id: &orders.customer_id[rows.clone()],
            amount_cents: &orders.amount_cents[rows],
        }
    }

    fn all(orders: &'a Orders) -> OrderView<'a> {
        OrderView::of(orders, 0..orders.len())
    }

    fn rows(rows: &'a OrderRows) -> OrderView<'a> {
        OrderView { order_id: &rows.order_id, customer_id: &rows.customer_id, amount_cents: &rows.amount_cents }
    }
}

/// Customers where they lie: in the table, or in a bucket.
#[derive(Clone, Copy)]
struct CustomerView<'a> {
    customer_id: &'a [u32],
    region: &'a [u8],
    segment: &'a [u8],
}

impl<'a> CustomerView<'a> {
    fn of(customers: &'a Customers, ids: Range<usize>) -> CustomerView<'a> {
        CustomerView {
            customer_id: &customers.customer_id[ids.clone()],
            region: &customers.region[ids.clone()],
            segment: &customers.segment[ids],
        }
    }

    fn all(customers: &'a Customers) -> CustomerView<'a> {
        CustomerView::of(customers, 0..customers.len())
    }

    fn rows(rows: &'a CustomerRows) -> CustomerView<'a> {
        CustomerView { customer_id: &rows.customer_id, region: &rows.region, segment: &rows.segment }
    }
}

/// Joins `orders` with the customers in `table` (an inner join: an order
/// whose customer is not there is dropped) and adds up the joined rows.
fn probe(table: &CustomerTable, orders: OrderView) -> JoinSums {
    let mut sums = JoinSums::default();
    let blocks = orders.order_id.chunks(ROWS_PER_CHECKPOINT).zip(orders.customer_id.chunks(ROWS_PER_CHECKPOINT));
    for ((order_ids, customer_ids), amounts) in blocks.zip(orders.amount_cents.chunks(ROWS_PER_CHECKPOINT)) {
        gil::checkpoint();
        for ((&order_id, &customer_id), &amount) in order_ids.iter().zip(customer_ids).zip(amounts) {
            let Some((region, segment)) = table.get(customer_id) else { continue };
            sums.revenue_cents[usize::from(region)] += u64::from(amount);
            sums.orders[usize::from(region)] += 1;
            sums.rows_hash = sums.rows_hash.wrapping_add(row_hash(order_id, customer_id, amount, region, segment));
        }
    }
    sums
}

/// One number per joined row, from all its columns.
fn row_hash(order_id: u32, customer_id: u32, amount: u32, region: u8, segment: u8) -> u64 {
    let ids = u64::from(order_id) << 32 | u64::from(customer_id);
    let rest = u64::from(amount) << 16 | u64::from(region) << 8 | u64::from(segment);
    draw(ids, rest)
}

/// Both sides' rows for one reducer: what a repartition moves.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Bucket {
    orders: OrderRows,
    customers: CustomerRows,
}

// bincode writes a vector as its length (8 bytes) and its elements.
const VEC_HEADER: u64 = 8;

/// `encode(customers).len()` for that many customers, without walking them.
fn customers_encoded_len(customers: usize) -> u64 {
    3 * VEC_HEADER + (customers * Customers::ROW_BYTES) as u64
}

impl Bucket {
    /// `encode(self).len()`, without walking the rows.
    fn encoded_len(&self) -> u64 {
        3 * VEC_HEADER
            + (self.orders.order_id.len() * SHUFFLED_ORDER_BYTES) as u64
            + customers_encoded_len(self.customers.len())
    }
}

/// Cuts a partition of both tables into one bucket per reducer, by the hash
/// of the customer id, or adds its rows to `buckets` if they are not empty.
fn route(orders: OrderView, customers: CustomerView, buckets: &mut [Bucket]) {
    let reducers = buckets.len();
    // Room for an even share and a little more, so that most buckets never move while they grow.
    let share = |rows: usize| rows / reducers + rows / (8 * reducers) + 16;
    for bucket in buckets.iter_mut() {
        bucket.orders.reserve(share(orders.customer_id.len()));
        bucket.customers.reserve(share(customers.customer_id.len()));
    }
    let blocks = orders.order_id.chunks(ROWS_PER_CHECKPOINT).zip(orders.customer_id.chunks(ROWS_PER_CHECKPOINT));
    for ((order_ids, customer_ids), amounts) in blocks.zip(orders.amount_cents.chunks(ROWS_PER_CHECKPOINT)) {
        gil::checkpoint();
        for ((&order_id, &customer_id), &amount) in order_ids.iter().zip(customer_ids).zip(amounts) {
            let bucket = &mut buckets[reducer_of(customer_id, reducers)].orders;
            bucket.order_id.push(order_id);
            bucket.customer_id.push(customer_id);
            bucket.amount_cents.push(amount);
        }
    }
    for (row, &customer_id) in customers.customer_id.iter().enumerate() {
        let bucket = &mut buckets[reducer_of(customer_id, reducers)].customers;
        bucket.customer_id.push(customer_id);
        bucket.region.push(customers.region[row]);
        bucket.segment.push(customers.segment[row]);
    }
}

/// A reducer's join: a hash table of the customers that hash to it, probed by the orders that do.
fn join_buckets(buckets: &[&Bucket]) -> JoinSums {
    let customers: Vec<CustomerView> = buckets.iter().map(|b| CustomerView::rows(&b.customers)).collect();
    let table = CustomerTable::of(&customers);
    JoinSums::total(buckets.iter().map(|b| probe(&table, OrderView::rows(&b.orders))))
}

/// Sequential reference: one hash table of all customers, probed by every order.
fn sequential(params: &JoinParams) -> JoinSums {
    let orders = params.orders_spec().generate(0..params.orders);
    let customers = params.customers_spec().generate(0..params.customers);
    probe(&CustomerTable::of(&[CustomerView::all(&customers)]), OrderView::all(&orders))
}

/// The result: revenue and orders of every region, largest revenue first,
/// and the checksum of all of it; and how many orders each part (a worker's
/// partition, or a reducer's) joined, which shows a hot key's reducer.
fn joined(params: &JoinParams, parts: &[JoinSums], would_move: Option<BytesMoved>) -> Output {
    let sums = JoinSums::total(parts.iter().copied());
    let mut regions: Vec<usize> = (0..REGIONS.len()).collect();
    regions.sort_by_key(|&r| std::cmp::Reverse(sums.revenue_cents[r]));
    let top: Vec<_> = regions
        .iter()
        .map(|&r| serde_json::json!({ "region": REGIONS[r], "revenue_cents": sums.revenue_cents[r], "orders": sums.orders[r] }))
        .collect();
    let mut details = serde_json::json!({
        "strategy": params.strategy,
        "orders": params.orders,
        "customers": params.customers,
        "joined": sums.orders.iter().sum::<u64>(),
        "regions": top,
        "orders_by_part": parts.iter().map(|part| part.orders.iter().sum::<u64>()).collect::<Vec<_>>(),
    });
    if let Some(bytes) = would_move {
        details["would_move"] = serde_json::to_value(bytes).expect("bytes are plain numbers");
    }
    let values = sums.revenue_cents.iter().chain(&sums.orders).copied().chain([sums.rows_hash]);
    Output { checksum: checksum(values), details, arrays: Vec::new() }
}

impl Kernel for JoinParams {
    fn validate(&self) -> Result<(), String> {
        self.orders_spec().validate()?;
        self.customers_spec().validate()
    }

    fn prepare(&self, part: Option<(usize, usize)>) -> bool {
        match part {
            None => {
                ORDERS.keep(&self.orders_spec(), &[0..self.orders]);
                CUSTOMERS.keep(&self.customers_spec(), &[0..self.customers]);
            }
            Some((worker, workers)) => {
                let tasks: Vec<usize> = static_chunks(Schedule::StaticBlocks, worker, workers, workers)
                    .expect("a static schedule")
                    .into_iter()
                    .flatten()
                    .collect();
                let parts = |len| tasks.iter().map(|&t| part_range(t, workers, len)).collect::<Vec<_>>();
                ORDERS.keep(&self.orders_spec(), &parts(self.orders));
                // A broadcast's customers come from the coordinator; a repartition's live with the orders,
                // and so do a lone process's, whatever the strategy: it needs no message to join.
                if self.strategy == JoinStrategy::Repartition || workers == 1 {
                    CUSTOMERS.keep(&self.customers_spec(), &parts(self.customers));
                }
            }
        }
        true
    }

    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        let k = pool.current_num_threads();
        let orders = ORDERS.get(&self.orders_spec(), 0..self.orders);
        let customers = CUSTOMERS.get(&self.customers_spec(), 0..self.customers);
        let orders_of = |part| OrderView::of(&orders, part_range(part, k, self.orders));
        let mut rounds = Rounds::new(pool, control);
        let (parts, scatter, shuffle) = match self.strategy {
            JoinStrategy::Broadcast => {
                let tables = rounds.run("build", |_| CustomerTable::of(&[CustomerView::all(&customers)]))?;
                let parts = rounds.run("join", |part| probe(&tables[part], orders_of(part)))?;
                let scatter = k as u64 * customers_encoded_len(customers.len());
                (parts, scatter, 0)
            }
            JoinStrategy::Repartition => {
                let buckets = rounds.run("shuffle", |part| {
                    let mut buckets = vec![Bucket::default(); k];
                    let customers = CustomerView::of(&customers, part_range(part, k, self.customers));
                    route(orders_of(part), customers, &mut buckets);
                    buckets
                })?;
                let parts = rounds.run("join", |reducer| {
                    join_buckets(&buckets.iter().map(|of_part| &of_part[reducer]).collect::<Vec<_>>())
                })?;
                let shuffle = buckets.iter().flatten().map(Bucket::encoded_len).sum();
                (parts, 0, shuffle)
            }
        };
        // A lone process would hold both tables, and move neither (see `plan`).
        let (scatter, shuffle) = if k == 1 { (0, 0) } else { (scatter, shuffle) };
        let would_move = BytesMoved { scatter, shuffle, gather: parts.iter().map(encoded_size).sum() };
        Ok(rounds.finish(joined(self, &parts, Some(would_move))))
    }

    fn sequential(&self) -> Output {
        joined(self, &[sequential(self)], None)
    }

    /// One task per worker: its partition of the orders (and, for a
    /// repartition, of the customers), prepared where it runs, one partition
    /// per worker. A broadcast sends the whole
    /// customers table, which the coordinator makes on its first run (the
    /// sweep's warm-up) and keeps.
    fn plan(&self, workers: usize) -> Plan {
        let (task_name, broadcast, shuffle) = match self.strategy {
            // A lone process holds both tables: nothing to broadcast or to shuffle (as threads at k = 1 copy nothing).
            _ if workers == 1 => ("join", None, None),
            JoinStrategy::Broadcast => {
                CUSTOMERS.keep(&self.customers_spec(), &[0..self.customers]);
                let customers = CUSTOMERS.get(&self.customers_spec(), 0..self.customers);
                ("join", Some(encode(&CustomerRows::of(&customers))), None)
            }
            // The buckets' travel to the reducers is the engine's "shuffle"; writing them is "route".
            JoinStrategy::Repartition => ("route", None, Some(Shuffle { reducers: workers, reducer_name: "join" })),
        };
        Plan {
            task_count: workers,
            task_name,
            schedule: Schedule::StaticBlocks,
            input: None,
            dependencies: None,
            broadcast,
            shuffle,
        }
    }

    fn run_part(&self, tasks: Range<usize>, parts: usize, _: Vec<u32>, broadcast: &[u8]) -> PartResult {
        let orders_of = |t| ORDERS.get(&self.orders_spec(), part_range(t, parts, self.orders));
        let partial = match self.strategy {
            // A lone process does the same work as one thread, on its own copy of both tables.
            _ if parts == 1 => {
                let customers = CUSTOMERS.get(&self.customers_spec(), 0..self.customers);
                let sums = match self.strategy {
                    JoinStrategy::Broadcast => {
                        let table = CustomerTable::of(&[CustomerView::all(&customers)]);
                        JoinSums::total(tasks.map(|t| probe(&table, OrderView::all(&orders_of(t)))))
                    }
                    JoinStrategy::Repartition => {
                        let mut bucket = [Bucket::default()];
                        for t in tasks {
                            route(OrderView::all(&orders_of(t)), CustomerView::all(&customers), &mut bucket);
                        }
                        join_buckets(&[&bucket[0]])
                    }
                };
                Partial::Encoded(encode(&sums))
            }
            JoinStrategy::Broadcast => {
                let customers: CustomerRows = decode(broadcast).expect("the coordinator broadcast the customers table");
                let table = CustomerTable::of(&[CustomerView::rows(&customers)]);
                let sums = JoinSums::total(tasks.map(|t| probe(&table, OrderView::all(&orders_of(t)))));
                Partial::Encoded(encode(&sums))
            }
            JoinStrategy::Repartition => {
                let mut buckets = vec![Bucket::default(); parts];
                for t in tasks {
                    let customers = CUSTOMERS.get(&self.customers_spec(), part_range(t, parts, self.customers));
                    route(OrderView::all(&orders_of(t)), CustomerView::all(&customers), &mut buckets);
                }
                Partial::Buckets(buckets.iter().map(encode).collect())
            }
        };
        PartResult { partial, wait_ms: 0 }
    }

    fn run_reducer(&self, _reducer: usize, buckets: Vec<Vec<u8>>) -> PartResult {
        let buckets: Vec<Bucket> =
            buckets.iter().map(|bytes| decode(bytes).expect("a mapper sent this reducer a bucket")).collect();
        let sums = join_buckets(&buckets.iter().collect::<Vec<_>>());
        PartResult { partial: Partial::Encoded(encode(&sums)), wait_ms: 0 }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        Ok(joined(self, &decoded::<JoinSums>(partials)?, None))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::experiments::share_nothing;

    fn params(orders: usize, customers: usize, skew: f64, strategy: JoinStrategy, seed: u64) -> JoinParams {
        JoinParams { orders, customers, customer_skew: Skew(skew), strategy, seed }
    }

    fn on_threads(params: &JoinParams, k: usize) -> Run<Output> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
        params.prepare(None);
        params.run_threads(&pool, &RunControl::free(&AtomicBool::new(false))).unwrap()
    }

    const CASES: [(usize, usize, f64, u64); 5] =
        [(1, 1, 0.0, 1), (1000, 7, 0.0, 2), (5000, 300, 1.0, 3), (20_011, 2000, 2.0, 4), (3001, 5000, 3.0, 5)];

    #[test]
    fn both_strategies_on_threads_equal_the_sequential_reference() {
        for (orders, customers, skew, seed) in CASES {
            for strategy in [JoinStrategy::Broadcast, JoinStrategy::Repartition] {
                let p = params(orders, customers, skew, strategy, seed);
                let reference = p.sequential();
                for k in [1, 2, 3, 5] {
                    assert_eq!(on_threads(&p, k).output.checksum, reference.checksum, "{p:?} k={k}");
                }
            }
        }
    }

    #[test]
    fn both_strategies_share_nothing_equal_the_sequential_reference() {
        for (orders, customers, skew, seed) in CASES {
            for strategy in [JoinStrategy::Broadcast, JoinStrategy::Repartition] {
                let p = params(orders, customers, skew, strategy, seed);
                let reference = p.sequential();
                for workers in [1, 2, 4] {
                    for chunk in [1, 3] {
                        let (output, _) = share_nothing::run(&p, workers, chunk);
                        assert_eq!(output.checksum, reference.checksum, "{p:?} workers={workers} chunk={chunk}");
                        assert_eq!(output.details["regions"], reference.details["regions"]);
                    }
                }
            }
        }
    }

    #[test]
    fn a_lone_process_is_sent_nothing_and_shuffles_nothing() {
        for strategy in [JoinStrategy::Broadcast, JoinStrategy::Repartition] {
            let p = params(5000, 300, 1.0, strategy, 3);
            let plan = p.plan(1);
            assert!(plan.broadcast.is_none() && plan.shuffle.is_none(), "{strategy:?}");
            assert!(p.plan(2).broadcast.is_some() || p.plan(2).shuffle.is_some(), "{strategy:?} at k = 2 still moves data");
            assert_eq!(share_nothing::run(&p, 1, 1).0.checksum, p.sequential().checksum, "{strategy:?}");
        }
    }

    #[test]
    fn every_order_joins_its_customer_and_the_result_names_the_regions() {
        let p = params(10_000, 100, 1.0, JoinStrategy::Broadcast, 9);
        let output = p.sequential();
        assert_eq!(output.details["joined"], 10_000);
        let regions = output.details["regions"].as_array().unwrap();
        assert_eq!(regions.len(), REGIONS.len());
        let revenue = |i: usize| regions[i]["revenue_cents"].as_u64().unwrap();
        assert!((1..regions.len()).all(|i| revenue(i - 1) >= revenue(i)), "largest revenue first");
        let orders = p.orders_spec().generate(0..10_000);
        let total: u64 = orders.amount_cents.iter().map(|&a| u64::from(a)).sum();
        assert_eq!((0..regions.len()).map(revenue).sum::<u64>(), total);
    }

    #[test]
    fn the_result_says_how_many_orders_each_worker_or_reducer_joined() {
        for strategy in [JoinStrategy::Broadcast, JoinStrategy::Repartition] {
            let p = params(9000, 500, 2.0, strategy, 4);
            let threads = on_threads(&p, 3).output.details["orders_by_part"].clone();
            let processes = share_nothing::run(&p, 3, 1).0.details["orders_by_part"].clone();
            assert_eq!(threads, processes, "{strategy:?}");
            let parts: Vec<u64> = serde_json::from_value(threads).unwrap();
            assert_eq!(parts.iter().sum::<u64>(), 9000);
            match strategy {
                JoinStrategy::Broadcast => assert_eq!(parts, vec![3000; 3], "equal partitions of the orders"),
                JoinStrategy::Repartition => assert!(parts.iter().any(|&n| n > 5000), "the hot customer's reducer"),
            }
        }
    }

    #[test]
    fn a_hot_customer_puts_most_orders_on_one_reducer() {
        let orders_per_reducer = |skew| {
            let p = params(20_000, 1000, skew, JoinStrategy::Repartition, 3);
            let orders = p.orders_spec().generate(0..p.orders);
            let customers = p.customers_spec().generate(0..p.customers);
            let mut buckets = vec![Bucket::default(); 4];
            route(OrderView::all(&orders), CustomerView::all(&customers), &mut buckets);
            let mut counts: Vec<usize> = buckets.iter().map(|b| b.orders.order_id.len()).collect();
            counts.sort_unstable();
            counts
        };
        let uniform = orders_per_reducer(0.0);
        assert!(uniform[3] < 6000, "uniform keys spread evenly: {uniform:?}");
        let skewed = orders_per_reducer(2.0);
        assert!(skewed[3] > 12_000, "customer 0 has about 61 % of the orders: {skewed:?}");
    }

    #[test]
    fn threads_report_what_the_processes_move() {
        for (k, strategy) in [1, 3].into_iter().flat_map(|k| [(k, JoinStrategy::Broadcast), (k, JoinStrategy::Repartition)]) {
            let p = params(5000, 400, 1.5, strategy, 6);
            let reported: BytesMoved =
                serde_json::from_value(on_threads(&p, k).output.details["would_move"].clone()).unwrap();
            // What the processes engine would count: the broadcast sent to each worker (the tasks carry no data),
            // then each chunk's answer (its buckets, before a shuffle) and each reducer's.
            let plan = p.plan(k);
            let mut moved = BytesMoved {
                scatter: (k * plan.broadcast.as_ref().map_or(0, Vec::len)) as u64,
                ..BytesMoved::default()
            };
            let broadcast = plan.broadcast.unwrap_or_default();
            let mut reducer_buckets = vec![Vec::new(); k];
            for task in 0..k {
                match p.run_part(task..task + 1, k, Vec::new(), &broadcast).partial {
                    Partial::Encoded(bytes) => moved.gather += bytes.len() as u64,
                    Partial::Buckets(buckets) => {
                        for (reducer, bucket) in buckets.into_iter().enumerate() {
                            moved.shuffle += bucket.len() as u64;
                            reducer_buckets[reducer].push(bucket);
                        }
                    }
                    other => panic!("{other:?}"),
                }
            }
            if plan.shuffle.is_some() {
                for (reducer, buckets) in reducer_buckets.into_iter().enumerate() {
                    let Partial::Encoded(bytes) = p.run_reducer(reducer, buckets).partial else { panic!() };
                    moved.gather += bytes.len() as u64;
                }
            }
            assert_eq!(reported, moved, "{strategy:?} k = {k}");
            assert_eq!(moved.scatter + moved.shuffle > 5000, k > 1, "{strategy:?} k = {k}: only more than one process moves rows");
        }
    }

    #[test]
    fn encoded_sizes_are_counted_without_encoding() {
        let p = params(3000, 200, 1.0, JoinStrategy::Repartition, 2);
        let mut buckets = vec![Bucket::default(); 3];
        let (orders, customers) = (p.orders_spec().generate(0..3000), p.customers_spec().generate(0..200));
        route(OrderView::all(&orders), CustomerView::all(&customers), &mut buckets);
        for bucket in &buckets {
            assert_eq!(bucket.encoded_len(), encode(bucket).len() as u64);
        }
        assert_eq!(customers_encoded_len(200), encode(&CustomerRows::of(&customers)).len() as u64);
    }

    #[test]
    fn the_threads_timeline_has_both_rounds_on_every_worker() {
        let run = on_threads(&params(4000, 100, 0.0, JoinStrategy::Repartition, 1), 3);
        for what in ["shuffle", "join"] {
            let lanes = run.records.iter().filter(|r| r.what == what).count();
            assert_eq!(lanes, 3, "{what}");
        }
        let last_shuffle = run.records.iter().filter(|r| r.what == "shuffle").map(|r| r.end_ms).fold(0.0, f64::max);
        assert!(run.records.iter().filter(|r| r.what == "join").all(|r| r.start_ms >= last_shuffle));
        let broadcast = on_threads(&params(4000, 100, 0.0, JoinStrategy::Broadcast, 1), 2);
        assert_eq!(broadcast.records.iter().filter(|r| r.what == "build").count(), 2, "each worker builds its table");
    }

    #[test]
    fn sizes_out_of_range_are_refused() {
        assert!(params(1000, 0, 0.0, JoinStrategy::Broadcast, 1).validate().unwrap_err().contains("Customers"));
        assert!(params(1000, (1 << 20) + 1, 0.0, JoinStrategy::Broadcast, 1).validate().is_err());
        assert!(params((8 << 20) + 1, 10, 0.0, JoinStrategy::Broadcast, 1).validate().unwrap_err().contains("Orders"));
        assert!(params(1000, 10, 0.7, JoinStrategy::Broadcast, 1).validate().unwrap_err().contains("skew"));
    }
}
