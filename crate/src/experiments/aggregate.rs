//! Aggregate: revenue (the sum of `amount_cents`) and the number of orders per
//! group, the group being the order's customer or its customer's region. Three
//! ways to share the work on threads:
//! - `one_lock`: one table of totals behind one mutex; every order takes the
//!   lock, so workers take turns and their waits show in the timeline.
//! - `sharded_locks`: the table cut into `shards` tables, each behind its own
//!   mutex, a group's shard chosen by its hash: workers wait only when they
//!   touch the same shard at once, which few groups or a hot customer make likely.
//! - `partials`, the course's way: every worker adds the orders it takes into
//!   a table of its own, and the tables are merged at the end (the "merge" lane
//!   of the timeline): nothing is shared while counting. On threads the workers
//!   take chunks of orders as they become free (`partial_chunk`), so a worker
//!   that starts late, or shares its core for a while, takes fewer of them.
//!
//! The share-nothing form is always the third: each process aggregates the
//! orders of its own partition (made where it runs, before the clock) and
//! sends its partial totals, encoded; the coordinator merges. There are no locks
//! between processes, whatever the strategy says.
//!
//! Grouping by region reads the small `customers` table, which every worker
//! holds whole (made before the clock too, as a replicated dimension table).
//!
//! Every strategy uses the same tables (`GroupTable`): indexed by group id
//! while that takes no more room than the orders, hashed otherwise.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex, TryLockError};

use serde::{Deserialize, Serialize};

use rayon::ThreadPool;

use super::counter::LOCK_WAIT;
use super::{decoded, encode, encoded_size, BytesMoved, Kernel, Output, PartResult, Partial, Plan};
use crate::clock::now_ms;
use crate::data::cache::{blocks_to_keep, CUSTOMERS, ORDERS};
use crate::data::{draw, Customers, CustomersSpec, Orders, OrdersSpec, Skew, MAX_AMOUNT_CENTS, MAX_ORDERS, REGIONS};
use crate::gil;
use crate::schedule::{run_partials_on_pool, Cancelled, Experiment, RunControl, Schedule};
use crate::recorder;
use crate::work_record::{Kind, Run};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    OneLock,
    ShardedLocks,
    Partials,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Customer,
    Region,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct AggregateParams {
    /// Orders in the table.
    pub rows: usize,
    /// Customer ids are drawn from 0..customers: the number of groups when grouping by customer.
    pub customers: usize,
    pub customer_skew: Skew,
    pub group_by: GroupBy,
    pub strategy: Strategy,
    /// Locks of `sharded_locks`.
    pub shards: usize,
    pub seed: u64,
}

pub const MAX_SHARDS: usize = 1024;
/// Groups the result shows, by revenue.
pub const TOP_GROUPS: usize = 5;
/// What the timeline calls the coordinator's merge of the partial maps.
// A GIL checkpoint costs a look at a thread-local: once every so many orders.
const ROWS_PER_CHECKPOINT: usize = 4096;

/// A group's totals so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Totals {
    pub revenue_cents: u64,
    pub orders: u64,
}

impl Totals {
    fn add(&mut self, other: Totals) {
        self.revenue_cents += other.revenue_cents;
        self.orders += other.orders;
    }
}

/// Group ids are small integers: Fibonacci hashing (one multiplication by
/// 2^64 / golden ratio) spreads them well, where the standard library's
/// SipHash would cost more than the rest of an order's work.
#[derive(Default)]
pub struct GroupHasher(u64);

impl Hasher for GroupHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u32(&mut self, group: u32) {
        self.write_u64(u64::from(group));
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0 ^ value).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Totals by group id, hashed.
pub type GroupMap = HashMap<u32, Totals, BuildHasherDefault<GroupHasher>>;

/// The groups that have orders and their totals, in any order: what a table
/// gives back, and the encoded partial of a share-nothing worker (the same
/// bytes as the map would encode to: a length, then 20 bytes a group).
pub type GroupList = Vec<(u32, Totals)>;

/// A table of totals by group id. Group ids are dense (customers
/// 0..customers, regions 0..6), so a table indexed by id serves, and each of
/// its entries packs a group's two totals into one number (`pack`): an order
/// then costs one bounds-checked addition, the same few instructions natively
/// and in wasm. A hash map costs more, and more in wasm, whose build probes it
/// with plain 64-bit words where the native one uses SSE2 (1.8× the native
/// time for 8M orders in 10k groups). An indexed table holds every group, seen
/// or not, so it is used only while a run's tables together have no more
/// entries than the orders they add up (8 bytes a group against 18 bytes an
/// order); otherwise the groups are hashed.
pub enum GroupTable {
    /// Entry g: group g's totals, packed.
    ById(Vec<u64>),
    Hashed(GroupMap),
}

/// A packed entry holds the revenue in its low bits and the number of orders
/// above them. Neither can overflow: a run has at most `MAX_ORDERS` (2^23)
/// orders, whose amounts add up to less than 2^40 cents.
const REVENUE_BITS: u32 = 40;
const _: () = assert!(
    (MAX_ORDERS as u64) * MAX_AMOUNT_CENTS < 1 << REVENUE_BITS && (MAX_ORDERS as u64) < 1 << (64 - REVENUE_BITS)
);
/// What one order adds to a packed entry, besides its amount.
const ONE_ORDER: u64 = 1 << REVENUE_BITS;

fn pack(totals: Totals) -> u64 {
    totals.orders << REVENUE_BITS | totals.revenue_cents
}

fn unpack(entry: u64) -> Totals {
    Totals { revenue_cents: entry & (ONE_ORDER - 1), orders: entry >> REVENUE_BITS }
}

impl GroupTable {
    /// A table for `groups` group ids, one of `tables` that share `rows` orders.
    fn new(groups: usize, tables: usize, rows: usize) -> GroupTable {
        if groups.saturating_mul(tables) <= rows {
            GroupTable::ById(vec![0; groups])
        } else {
            GroupTable::Hashed(GroupMap::default())
        }
    }

    // Always inlined: it is the whole critical section of the lock strategies,
    // and there the wasm build would otherwise call it, with a frame on the
    // shadow stack in linear memory, once per order while holding the lock
    // (a fifth of the one-lock aggregate's time in Chromium; natively it is inlined anyway).
    #[inline(always)]
    fn add(&mut self, group: u32, totals: Totals) {
        match self {
            GroupTable::ById(by_id) => by_id[group as usize] += pack(totals),
            GroupTable::Hashed(map) => map.entry(group).or_default().add(totals),
        }
    }

    /// Adds `orders`' rows `rows`, each to the group `group_of` its customer,
    /// with one loop per kind of table (no choice made per order).
    fn add_orders(&mut self, orders: &Orders, rows: Range<usize>, group_of: impl Fn(u32) -> u32) {
        match self {
            GroupTable::ById(by_id) => add_each(orders, rows, |customer, amount_cents| {
                by_id[group_of(customer) as usize] += ONE_ORDER | u64::from(amount_cents)
            }),
            GroupTable::Hashed(map) => add_each(orders, rows, |customer, amount_cents| {
                map.entry(group_of(customer)).or_default().add(Totals { revenue_cents: amount_cents.into(), orders: 1 })
            }),
        }
    }

    /// The groups that have orders.
    fn into_list(self) -> GroupList {
        match self {
            GroupTable::ById(by_id) => {
                (0..).zip(by_id).filter(|&(_, entry)| entry != 0).map(|(g, e)| (g, unpack(e))).collect()
            }
            GroupTable::Hashed(map) => map.into_iter().collect(),
        }
    }
}

/// Calls `add(customer, amount_cents)` for `orders`' rows `rows`, with a GIL checkpoint between blocks of rows.
#[inline(always)]
fn add_each(orders: &Orders, rows: Range<usize>, mut add: impl FnMut(u32, u32)) {
    for block in rows.clone().step_by(ROWS_PER_CHECKPOINT) {
        gil::checkpoint();
        let block = block..(block + ROWS_PER_CHECKPOINT).min(rows.end);
        for (&customer, &amount_cents) in orders.customer_id[block.clone()].iter().zip(&orders.amount_cents[block]) {
            add(customer, amount_cents);
        }
    }
}

/// The shard of `group` among `shards`: the high bits of its hash, which mix all of its bits.
fn shard_of(group: u32, shards: usize) -> usize {
    let mut hasher = GroupHasher::default();
    hasher.write_u32(group);
    ((hasher.finish() >> 32) % shards as u64) as usize
}

/// How an order's customer becomes its group.
enum Grouping<'a> {
    Customer,
    /// `region[customer]`, from the customers table.
    Region(&'a [u8]),
}

impl Grouping<'_> {
    #[inline]
    fn of(&self, customer: u32) -> u32 {
        match self {
            Grouping::Customer => customer,
            Grouping::Region(region) => u32::from(region[customer as usize]),
        }
    }

    /// Adds `orders`' rows `rows` to `table`, with one loop per grouping.
    fn add_orders(&self, table: &mut GroupTable, orders: &Orders, rows: Range<usize>) {
        match self {
            Grouping::Customer => table.add_orders(orders, rows, |customer| customer),
            Grouping::Region(region) => table.add_orders(orders, rows, |customer| u32::from(region[customer as usize])),
        }
    }
}

impl AggregateParams {
    fn orders_spec(&self) -> OrdersSpec {
        OrdersSpec { seed: self.seed, rows: self.rows, customers: self.customers, customer_skew: self.customer_skew }
    }

    fn customers_spec(&self) -> CustomersSpec {
        CustomersSpec { seed: self.seed, customers: self.customers }
    }

    /// The customers table when the groups are regions (every worker holds it whole).
    fn customers(&self) -> Option<Arc<Customers>> {
        (self.group_by == GroupBy::Region).then(|| CUSTOMERS.get(&self.customers_spec(), 0..self.customers))
    }

    /// Group ids are 0..groups.
    fn groups(&self) -> usize {
        match self.group_by {
            GroupBy::Customer => self.customers,
            GroupBy::Region => REGIONS.len(),
        }
    }
}

fn grouping(customers: &Option<Arc<Customers>>) -> Grouping<'_> {
    customers.as_ref().map_or(Grouping::Customer, |c| Grouping::Region(&c.region))
}

/// One table's orders `rows` of `orders`, grouped: the partial of a worker that holds them all.
fn aggregated(params: &AggregateParams, orders: &Orders, rows: Range<usize>, grouping: &Grouping) -> GroupList {
    let mut table = GroupTable::new(params.groups(), 1, rows.len());
    grouping.add_orders(&mut table, orders, rows);
    table.into_list()
}

/// Sequential reference: one table, every order in turn.
pub fn sequential(params: &AggregateParams) -> GroupList {
    let orders = ORDERS.get(&params.orders_spec(), 0..params.rows);
    let customers = params.customers();
    aggregated(params, &orders, 0..orders.len(), &grouping(&customers))
}

/// Adds up the partial lists into one table of the run's orders.
fn merged(params: &AggregateParams, lists: Vec<GroupList>) -> GroupList {
    let mut total = GroupTable::new(params.groups(), 1, params.rows);
    for (group, totals) in lists.into_iter().flatten() {
        total.add(group, totals);
    }
    total.into_list()
}

/// Bytes of a `GroupList` as `encode` writes it.
fn encoded_list_size(groups: usize) -> u64 {
    encoded_size(&Vec::<(u32, Totals)>::new()) + groups as u64 * encoded_size(&(0u32, Totals::default()))
}

/// The result: a checksum over every (group, revenue, orders), in any order,
/// and the groups with the most revenue.
fn summarised(params: &AggregateParams, totals: GroupList, would_move: Option<BytesMoved>) -> Output {
    let checksum = totals
        .iter()
        .fold(0u64, |sum, &(group, t)| sum.wrapping_add(draw(draw(u64::from(group), t.revenue_cents), t.orders)));
    let groups = totals.len();
    let mut top = totals;
    let by_revenue =
        |a: &(u32, Totals), b: &(u32, Totals)| b.1.revenue_cents.cmp(&a.1.revenue_cents).then(a.0.cmp(&b.0));
    if top.len() > TOP_GROUPS {
        top.select_nth_unstable_by(TOP_GROUPS - 1, by_revenue);
        top.truncate(TOP_GROUPS);
    }
    top.sort_unstable_by(by_revenue);
    let top: Vec<_> = top
        .into_iter()
        .map(|(group, t)| {
            let name = match params.group_by {
                GroupBy::Customer => format!("customer {group}"),
                GroupBy::Region => REGIONS[group as usize].to_string(),
            };
            serde_json::json!({ "group": name, "revenue_cents": t.revenue_cents, "orders": t.orders })
        })
        .collect();
    let mut details = serde_json::json!({
        "rows": params.rows,
        "group_by": params.group_by,
        "strategy": params.strategy,
        "groups": groups,
        "top": top,
    });
    if let Some(would_move) = would_move {
        details["would_move"] = serde_json::json!(would_move);
    }
    Output { checksum, details, arrays: Vec::new() }
}

/// Orders per chunk of a `partials` run on `workers` threads: about 16 chunks
/// a worker, so that the one who is free takes the next, but no fewer than
/// 65,536 orders (0.1 ms of work), which keeps taking a chunk and locking one's
/// own table per chunk out of the time.
fn partial_chunk(rows: usize, workers: usize) -> usize {
    (rows / (workers * 16)).max(1 << 16)
}

/// One run on threads: the tables the workers add to, made fresh for the run.
struct SharedAggregate<'a> {
    params: &'a AggregateParams,
    orders: &'a Orders,
    grouping: Grouping<'a>,
    /// One table for `one_lock`, `shards` for `sharded_locks`, one per worker
    /// for `partials` (a worker's own, whose lock only it takes, once a chunk).
    tables: Vec<Mutex<GroupTable>>,
}

impl SharedAggregate<'_> {
    /// Adds one order to its group's shard. If another worker holds that
    /// shard's lock, the time from asking for it to letting it go is recorded
    /// as a wait (the clock is read outside the lock, so as not to hold it longer).
    #[inline]
    fn add_under_lock(&self, shard: usize, group: u32, order: Totals) {
        match self.tables[shard].try_lock() {
            Ok(mut totals) => totals.add(group, order),
            Err(TryLockError::WouldBlock) => {
                let asked = now_ms();
                self.tables[shard].lock().expect("no worker panics while holding a lock of the map").add(group, order);
                recorder::wait(Kind::LockWait, LOCK_WAIT, asked, now_ms());
            }
            Err(TryLockError::Poisoned(_)) => panic!("a worker panicked while holding a lock of the map"),
        }
    }
}

impl Experiment for SharedAggregate<'_> {
    /// Nothing: every strategy adds its orders into `tables`.
    type Partial = ();
    type Output = Vec<GroupList>;

    fn task_name(&self) -> &'static str {
        "orders"
    }

    fn task_count(&self) -> usize {
        self.params.rows
    }

    fn run_chunk(&self, rows: Range<usize>) {
        if self.params.strategy == Strategy::Partials {
            let worker = rayon::current_thread_index().expect("a run's chunks run on its pool");
            let mut own = self.tables[worker].lock().expect("no worker panics while adding up its orders");
            self.grouping.add_orders(&mut own, self.orders, rows);
            return;
        }
        let shards = self.tables.len();
        for block in rows.clone().step_by(ROWS_PER_CHECKPOINT) {
            // Between orders, never while holding a lock of the map.
            gil::checkpoint();
            for row in block..(block + ROWS_PER_CHECKPOINT).min(rows.end) {
                let group = self.grouping.of(self.orders.customer_id[row]);
                let shard = if shards == 1 { 0 } else { shard_of(group, shards) };
                self.add_under_lock(
                    shard,
                    group,
                    Totals { revenue_cents: self.orders.amount_cents[row].into(), orders: 1 },
                );
            }
        }
    }

    /// The groups of each table (the shared ones, or the workers' own), for `run_threads` to merge on a lane of its own.
    fn merge(&self, _: Vec<()>) -> Vec<GroupList> {
        let emptied = || GroupTable::Hashed(GroupMap::default());
        self.tables
            .iter()
            .map(|table| std::mem::replace(&mut *table.lock().expect("the workers are done"), emptied()).into_list())
            .collect()
    }
}

impl Kernel for AggregateParams {
    fn validate(&self) -> Result<(), String> {
        self.orders_spec().validate()?;
        if !(1..=MAX_SHARDS).contains(&self.shards) {
            return Err(format!("Shards must be between 1 and {MAX_SHARDS} (got {}).", self.shards));
        }
        Ok(())
    }

    /// The orders (all of them, or the block of each share-nothing worker),
    /// and, to group by region, the whole customers table.
    fn prepare(&self, part: Option<(usize, usize)>) -> bool {
        ORDERS.keep(&self.orders_spec(), &blocks_to_keep(part, self.rows));
        if self.group_by == GroupBy::Region {
            CUSTOMERS.keep(&self.customers_spec(), &[0..self.customers]);
        }
        true
    }

    /// The lock strategies give each worker one block of orders (static
    /// blocks); `partials` makes exactly one table per worker, as a
    /// share-nothing run does, and hands out chunks as workers become free.
    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        let orders = ORDERS.get(&self.orders_spec(), 0..self.rows);
        let customers = self.customers();
        let workers = pool.current_num_threads();
        let (tables, schedule) = match self.strategy {
            Strategy::OneLock => (1, Schedule::StaticBlocks),
            Strategy::ShardedLocks => (self.shards, Schedule::StaticBlocks),
            Strategy::Partials => (workers, Schedule::Dynamic { chunk: partial_chunk(self.rows, workers) }),
        };
        let shared = SharedAggregate {
            params: self,
            orders: &orders,
            grouping: grouping(&customers),
            tables: (0..tables).map(|_| Mutex::new(GroupTable::new(self.groups(), tables, self.rows))).collect(),
        };
        let (partials, mut log, run_start) = run_partials_on_pool(pool, &shared, schedule, control)?;
        // The coordinator's part: take the tables from their locks, then merge them.
        let ((totals, would_move), merge_log) = recorder::merge(0, run_start, || {
            let tables = shared.merge(partials);
            // What a share-nothing run would gather: these very lists (with a lock there are none to measure).
            let would_move = (self.strategy == Strategy::Partials).then(|| BytesMoved {
                gather: tables.iter().map(|list| encoded_list_size(list.len())).sum(),
                ..BytesMoved::default()
            });
            (merged(self, tables), would_move)
        });
        log.absorb(merge_log);
        Ok(Run::finished(summarised(self, totals, would_move), pool.current_num_threads(), run_start, log))
    }

    fn sequential(&self) -> Output {
        summarised(self, sequential(self), None)
    }

    /// One block of orders per process, made where it runs: nothing is sent but the partial maps.
    fn plan(&self, _workers: usize) -> Plan {
        Plan {
            task_count: self.rows,
            task_name: "orders",
            schedule: Schedule::StaticBlocks,
            input: None,
            dependencies: None,
            broadcast: None,
            shuffle: None,
        }
    }

    fn run_part(&self, rows: Range<usize>, _workers: usize, _: Vec<u32>, _broadcast: &[u8]) -> PartResult {
        let orders = ORDERS.get(&self.orders_spec(), rows);
        let customers = self.customers();
        let own = aggregated(self, &orders, 0..orders.len(), &grouping(&customers));
        PartResult { partial: Partial::Encoded(encode(&own)), wait_ms: 0 }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        Ok(summarised(self, merged(self, decoded(partials)?), None))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::experiments::share_nothing;
    use crate::gil::Gil;

    const STRATEGIES: [Strategy; 3] = [Strategy::OneLock, Strategy::ShardedLocks, Strategy::Partials];

    fn params(rows: usize, customers: usize, skew: f64, strategy: Strategy, seed: u64) -> AggregateParams {
        AggregateParams {
            rows,
            customers,
            customer_skew: Skew(skew),
            group_by: GroupBy::Customer,
            strategy,
            shards: 8,
            seed,
        }
    }

    fn on_threads(k: usize, p: &AggregateParams, gil: Option<f64>) -> Run<Output> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
        p.validate().unwrap();
        p.prepare(None);
        let control = RunControl { cancel: &AtomicBool::new(false), gil: gil.map(Gil::new) };
        p.run_threads(&pool, &control).unwrap()
    }

    #[test]
    fn every_strategy_equals_the_sequential_reference_for_sizes_k_skews_and_seeds() {
        // The last two have more customers than orders per worker: their tables hash the groups.
        for (rows, customers, skew, seed) in [
            (1, 1, 0.0, 1),
            (5000, 3, 0.0, 2),
            (20_011, 500, 1.0, 3),
            (30_000, 40, 2.5, 4),
            (3000, 50_000, 0.5, 5),
            (40_000, 15_000, 1.0, 6),
        ] {
            let expected = params(rows, customers, skew, Strategy::Partials, seed).sequential();
            for k in [1, 2, 3, 5] {
                for strategy in STRATEGIES {
                    let p = params(rows, customers, skew, strategy, seed);
                    let output = on_threads(k, &p, None).output;
                    assert_eq!(output.checksum, expected.checksum, "k={k} rows={rows} skew={skew} {strategy:?}");
                    assert_eq!(output.details["top"], expected.details["top"]);
                }
            }
        }
    }

    #[test]
    fn tables_are_indexed_by_id_while_they_are_no_larger_than_their_orders_and_both_kinds_agree() {
        assert!(matches!(GroupTable::new(100, 4, 400), GroupTable::ById(_)));
        assert!(matches!(GroupTable::new(100, 4, 399), GroupTable::Hashed(_)));
        assert!(matches!(GroupTable::new(usize::MAX, 2, 10), GroupTable::Hashed(_)));
        // A packed entry holds the totals of the largest run without overflowing.
        let half = Totals { revenue_cents: MAX_ORDERS as u64 / 2 * MAX_AMOUNT_CENTS, orders: MAX_ORDERS as u64 / 2 };
        let mut one_group = GroupTable::ById(vec![0; 1]);
        one_group.add(0, half);
        one_group.add(0, half);
        let all = Totals { revenue_cents: MAX_ORDERS as u64 * MAX_AMOUNT_CENTS, orders: MAX_ORDERS as u64 };
        assert_eq!(one_group.into_list(), vec![(0, all)]);
        // Skew 2.5: customer 0 has most orders and many customers have none.
        let p = params(20_000, 700, 2.5, Strategy::Partials, 11);
        let orders = p.orders_spec().generate(0..20_000);
        let sorted = |table: GroupTable| {
            let mut table = table;
            Grouping::Customer.add_orders(&mut table, &orders, 0..20_000);
            let mut list = table.into_list();
            list.sort_unstable_by_key(|&(group, _)| group);
            list
        };
        let by_id = sorted(GroupTable::ById(vec![0; 700]));
        assert_eq!(by_id, sorted(GroupTable::Hashed(GroupMap::default())));
        assert!(by_id.len() < 700 && by_id.iter().all(|(_, t)| t.orders > 0), "only the groups with orders");
        assert_eq!(by_id.iter().map(|(_, t)| t.orders).sum::<u64>(), 20_000);
    }

    #[test]
    fn the_sums_are_those_of_the_orders_and_the_top_groups_lead() {
        let p = params(10_000, 20, 1.0, Strategy::Partials, 7);
        let orders = p.orders_spec().generate(0..10_000);
        let totals = sequential(&p);
        assert_eq!(totals.iter().map(|(_, t)| t.orders).sum::<u64>(), 10_000);
        let revenue: u64 = orders.amount_cents.iter().map(|&a| u64::from(a)).sum();
        assert_eq!(totals.iter().map(|(_, t)| t.revenue_cents).sum::<u64>(), revenue);
        let of_customer_0: u64 =
            (0..10_000).filter(|&r| orders.customer_id[r] == 0).map(|r| u64::from(orders.amount_cents[r])).sum();
        let top = &p.sequential().details["top"];
        assert_eq!(top.as_array().unwrap().len(), TOP_GROUPS);
        // With skew 1 customer 0 has about a quarter of the orders among 20.
        assert_eq!(
            (top[0]["group"].as_str().unwrap(), top[0]["revenue_cents"].as_u64().unwrap()),
            ("customer 0", of_customer_0)
        );
        let revenues: Vec<u64> = top.as_array().unwrap().iter().map(|g| g["revenue_cents"].as_u64().unwrap()).collect();
        assert!(revenues.windows(2).all(|w| w[0] >= w[1]), "{revenues:?}");
    }

    #[test]
    fn grouping_by_region_gives_at_most_six_groups_that_add_up() {
        for strategy in STRATEGIES {
            let p = AggregateParams { group_by: GroupBy::Region, ..params(12_000, 300, 1.5, strategy, 9) };
            let by_customer = sequential(&AggregateParams { group_by: GroupBy::Customer, ..p });
            let by_region = sequential(&p);
            assert!(by_region.len() <= REGIONS.len());
            assert_eq!(
                by_region.iter().map(|(_, t)| t.revenue_cents).sum::<u64>(),
                by_customer.iter().map(|(_, t)| t.revenue_cents).sum::<u64>()
            );
            let threads = on_threads(3, &p, None).output;
            assert_eq!(threads.checksum, p.sequential().checksum, "{strategy:?}");
            assert!(REGIONS.contains(&threads.details["top"][0]["group"].as_str().unwrap()));
        }
    }

    #[test]
    fn the_share_nothing_form_equals_the_reference_for_k_chunkings_and_skews() {
        for (rows, customers, skew, seed) in [(7, 2, 0.0, 1), (9_001, 64, 0.5, 5), (25_000, 1000, 3.0, 6)] {
            for group_by in [GroupBy::Customer, GroupBy::Region] {
                let p = AggregateParams { group_by, ..params(rows, customers, skew, Strategy::OneLock, seed) };
                let expected = p.sequential().checksum;
                for k in [1, 2, 4] {
                    // As the processes engine runs it: one block per worker.
                    assert_eq!(share_nothing::run(&p, k, rows.div_ceil(k)).0.checksum, expected, "k={k} {group_by:?}");
                }
                assert_eq!(share_nothing::run(&p, 3, 1000).0.checksum, expected, "chunks of 1000");
            }
        }
    }

    #[test]
    fn partial_aggregates_report_what_a_share_nothing_run_would_gather() {
        // 100 customers in 200,000 orders: every chunk holds every group.
        let p = params(200_000, 100, 0.0, Strategy::Partials, 3);
        let gathered = |k| -> u64 {
            let would_move: BytesMoved =
                serde_json::from_value(on_threads(k, &p, None).output.details["would_move"].clone()).unwrap();
            assert_eq!((would_move.scatter, would_move.shuffle), (0, 0));
            would_move.gather
        };
        let Partial::Encoded(all) = p.run_part(0..200_000, 1, Vec::new(), &[]).partial else { panic!("encoded") };
        assert_eq!(gathered(1), all.len() as u64, "a lone worker gathers one list of every group");
        // Each of k workers sends a list of the groups of the chunks it took: at
        // least every group once, at most every group k times.
        for k in [2, 3] {
            let lists = gathered(k);
            assert!(
                (encoded_list_size(0) * (k as u64 - 1) + all.len() as u64..=all.len() as u64 * k as u64)
                    .contains(&lists),
                "k={k}: {lists}"
            );
        }
        assert!(on_threads(2, &params(20_000, 100, 1.0, Strategy::OneLock, 3), None)
            .output
            .details
            .get("would_move")
            .is_none());
    }

    #[test]
    fn partial_aggregates_hand_out_chunks_of_at_least_65536_orders_about_16_a_worker() {
        assert_eq!(partial_chunk(8_000_000, 2), 250_000);
        assert_eq!(partial_chunk(100_000, 2), 65_536);
        let p = params(1_000_000, 100, 1.0, Strategy::Partials, 4);
        let run = on_threads(3, &p, None);
        let chunks: Vec<_> = run.records.iter().filter(|r| r.what == "orders").collect();
        assert_eq!(chunks.len(), 1_000_000usize.div_ceil(partial_chunk(1_000_000, 3)));
        assert_eq!(chunks.iter().map(|r| r.task_count).sum::<usize>(), 1_000_000);
        assert_eq!(run.output.checksum, p.sequential().checksum);
    }

    #[test]
    fn the_merge_has_its_own_lane_and_lock_waits_lie_inside_the_run() {
        for strategy in STRATEGIES {
            let run = on_threads(3, &params(60_000, 4, 0.0, strategy, 2), None);
            let merges: Vec<_> = run.records.iter().filter(|r| r.worker == crate::work_record::Lane::MERGE).collect();
            assert_eq!(merges.len(), 1, "{strategy:?}");
            let work_end = run.records.iter().filter(|r| r.what == "orders").map(|r| r.end_ms).fold(0.0, f64::max);
            assert!(merges[0].start_ms >= work_end, "the merge follows the work");
            if strategy == Strategy::Partials {
                // Chunks go to whoever is free: on a busy machine one worker may take them all.
                assert!((1..=3).contains(&run.distinct_workers()));
            } else {
                assert_eq!(run.distinct_workers(), 3);
            }
            // Whether a lock was contended depends on the machine; partial aggregates never wait.
            let waits = run.records.iter().filter(|r| r.what == LOCK_WAIT);
            if strategy == Strategy::Partials {
                assert_eq!(waits.count(), 0);
            } else {
                assert!(waits.into_iter().all(|r| r.start_ms >= 0.0 && r.end_ms <= work_end + 1.0));
            }
        }
    }

    #[test]
    fn under_a_gil_every_strategy_stays_exact() {
        for strategy in STRATEGIES {
            let p = params(40_000, 50, 1.0, strategy, 8);
            assert_eq!(on_threads(3, &p, Some(0.05)).output.checksum, p.sequential().checksum, "{strategy:?}");
        }
    }

    #[test]
    fn shards_spread_groups() {
        let used: std::collections::HashSet<usize> = (0..1000).map(|g| shard_of(g, 16)).collect();
        assert_eq!(used.len(), 16);
        assert!((0..1000).all(|g| shard_of(g, 1) == 0));
    }

    #[test]
    fn bad_parameters_are_refused() {
        let p = params(100, 10, 0.0, Strategy::ShardedLocks, 1);
        assert!(p.validate().is_ok());
        assert!(AggregateParams { shards: 0, ..p }.validate().unwrap_err().contains("Shards"));
        assert!(AggregateParams { shards: MAX_SHARDS + 1, ..p }.validate().is_err());
        assert!(AggregateParams { rows: 0, ..p }.validate().unwrap_err().contains("Orders"));
        assert!(AggregateParams { customers: 0, ..p }.validate().unwrap_err().contains("Customers"));
        assert!(AggregateParams { customer_skew: Skew(0.3), ..p }.validate().unwrap_err().contains("skew"));
        let unknown = r#"{"rows":10,"customers":1,"customer_skew":0,"group_by":"customer","strategy":"hope","shards":1,"seed":1}"#;
        assert!(serde_json::from_str::<AggregateParams>(unknown).is_err());
    }
}
