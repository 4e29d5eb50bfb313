//! A shared counter: k workers add 1 to one number, N times in all. Shared
//! memory needs care, and this shows why and what the care costs:
//! - `unsynchronized`: read the counter, then write back the value + 1, as two
//!   separate (atomic, so safe Rust) operations. Two workers that read the
//!   same value both write value + 1, and one update is lost. The lost updates
//!   are counted from the run itself: expected N, obtained what the counter holds.
//! - `lock`: a mutex around the read and write; correct, but the workers take
//!   turns on it, and the time they wait for it shows in the timeline.
//! - `atomic`: `fetch_add`, one indivisible read-modify-write; correct, but the
//!   cores still pass the counter's cache line back and forth.
//! - `partials`: every chunk of increments counts on a counter of its own (the
//!   same read and write as the race, but nobody else sees it) and the counts
//!   are added at the end: correct and nothing shared, so it scales.
//!
//! The share-nothing form has no shared counter to race on: a process counts
//! its increments and sends the count. With `partials` each process counts its
//! whole share and sends one number; every other strategy becomes a counter
//! owned by the coordinator, updated by one message per chunk of increments.
//!
//! Under a GIL the counter behaves as in CPython, where `n += 1` is several
//! bytecodes and the interpreter may switch threads between them: the race's
//! read and write may be split by a handover, so the GIL does not prevent lost
//! updates. The lock's increment is never split (a handover comes between
//! increments), so a worker never holds the mutex while it waits for the GIL.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Mutex, TryLockError};

use serde::{Deserialize, Serialize};

use rayon::ThreadPool;

use super::{values, Kernel, Output, PartResult, Partial, Plan};
use crate::clock::now_ms;
use crate::gil;
use crate::schedule::{run_on_pool, Cancelled, Experiment, RunControl, Schedule};
use crate::recorder;
use crate::work_record::{Kind, Run};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    Unsynchronized,
    Lock,
    Atomic,
    Partials,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct CounterParams {
    /// N: how many times 1 is added, by all workers together.
    pub increments: u32,
    pub strategy: Strategy,
    /// Workers take increments in chunks of this many: on threads a bar in the
    /// timeline and a look at the cancel flag each, on processes one message each.
    pub increments_per_chunk: u32,
}

/// Up to a few seconds of contended locking.
pub const MAX_INCREMENTS: u32 = 200_000_000;

/// What the timeline calls the time a worker waited for the counter's lock.
pub const LOCK_WAIT: &str = "lock wait";

// A GIL checkpoint costs a look at a thread-local: once every so many increments.
const INCREMENTS_PER_CHECKPOINT: usize = 64;

impl CounterParams {
    /// Threads take their chunks in turn, so each of the k workers does N/k increments (give or take a chunk).
    fn threads_schedule(&self) -> Schedule {
        Schedule::StaticInterleaved { chunk: self.increments_per_chunk as usize }
    }
}

/// Sequential reference: one worker adds 1, N times, to a counter nobody else sees.
pub fn sequential(params: &CounterParams) -> u64 {
    count_privately(params.increments as usize)
}

/// Adds 1 `n` times to a count kept in a register, as a count nobody else
/// sees can be, and writes each new value to memory, so that every increment
/// still costs a store, as the race's does, and the compiler cannot replace the
/// loop with one addition. The store is volatile, not atomic: WebAssembly's
/// atomics are all sequentially consistent, and V8 compiles `i64.atomic.store`
/// to `xchg`, a locked instruction that made each private increment 15 to 30
/// times as slow in the browser as natively. Nor is the count read back from
/// memory: a load of the value just stored waits for the store to be forwarded,
/// which this processor does fastest for an address in one register, as native
/// code has and wasm's base + index never has (docs/performance.md, "Atomics
/// and stores in wasm").
fn count_privately(n: usize) -> u64 {
    let mut count = 0u64;
    let mut last_written = 0u64;
    let written_at: *mut u64 = &mut last_written;
    for _ in 0..n {
        count += 1;
        // SAFETY: `written_at` points to `last_written`, which outlives the loop and which only this thread reaches.
        unsafe { written_at.write_volatile(count) };
    }
    count
}

/// `n` increments in blocks, with a GIL checkpoint before each block, as
/// `increment(first_of_block)` calls.
fn in_blocks(n: usize, mut increment: impl FnMut(bool)) {
    for block_start in (0..n).step_by(INCREMENTS_PER_CHECKPOINT) {
        for i in block_start..(block_start + INCREMENTS_PER_CHECKPOINT).min(n) {
            increment(i == block_start);
        }
    }
}

/// The result: the counter's total is the checksum, so correct runs agree whatever k.
fn counted(params: &CounterParams, obtained: u64) -> Output {
    let expected = u64::from(params.increments);
    Output {
        checksum: obtained,
        details: serde_json::json!({
            "strategy": params.strategy,
            "expected": expected,
            "obtained": obtained,
            "lost": expected.saturating_sub(obtained),
        }),
        arrays: Vec::new(),
    }
}

/// One run on threads: its counter, made fresh for the run.
struct SharedCounter<'a> {
    params: &'a CounterParams,
    /// The counter of `unsynchronized` and `atomic`.
    value: AtomicU64,
    /// The counter of `lock`.
    locked: Mutex<u64>,
}

impl SharedCounter<'_> {
    /// Adds 1 under the lock. If another worker holds it, the time from asking
    /// for the lock to letting it go again (the clock is read outside the lock,
    /// so as not to hold it longer) is recorded as a wait.
    fn add_under_lock(&self) {
        match self.locked.try_lock() {
            Ok(mut count) => *count += 1,
            Err(TryLockError::WouldBlock) => {
                let asked = now_ms();
                *self.locked.lock().expect("no worker panics while holding the counter's lock") += 1;
                recorder::wait(Kind::LockWait, LOCK_WAIT, asked, now_ms());
            }
            Err(TryLockError::Poisoned(_)) => panic!("a worker panicked while holding the counter's lock"),
        }
    }
}

impl Experiment for SharedCounter<'_> {
    /// What a chunk counted on a counter of its own (`partials`); 0 for the shared counters.
    type Partial = u64;
    type Output = u64;

    fn task_name(&self) -> &'static str {
        "increments"
    }

    fn task_count(&self) -> usize {
        self.params.increments as usize
    }

    fn run_chunk(&self, increments: Range<usize>) -> u64 {
        let n = increments.len();
        match self.params.strategy {
            Strategy::Unsynchronized => {
                in_blocks(n, |checkpoint| {
                    let read = self.value.load(Relaxed);
                    // As CPython may switch threads between the bytecodes of `n += 1`.
                    if checkpoint {
                        gil::checkpoint();
                    }
                    self.value.store(read + 1, Relaxed);
                });
                0
            }
            Strategy::Lock => {
                in_blocks(n, |checkpoint| {
                    if checkpoint {
                        gil::checkpoint();
                    }
                    self.add_under_lock();
                });
                0
            }
            Strategy::Atomic => {
                in_blocks(n, |checkpoint| {
                    if checkpoint {
                        gil::checkpoint();
                    }
                    self.value.fetch_add(1, Relaxed);
                });
                0
            }
            Strategy::Partials => {
                let mut counted = 0;
                for block in (0..n).step_by(INCREMENTS_PER_CHECKPOINT) {
                    gil::checkpoint();
                    counted += count_privately(INCREMENTS_PER_CHECKPOINT.min(n - block));
                }
                counted
            }
        }
    }

    fn merge(&self, partials: Vec<u64>) -> u64 {
        let shared = self.value.load(Relaxed) + *self.locked.lock().expect("the workers are done");
        shared + partials.into_iter().sum::<u64>()
    }
}

impl Kernel for CounterParams {
    fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_INCREMENTS).contains(&self.increments) {
            return Err(format!(
                "The number of increments must be between 1 and {MAX_INCREMENTS} (got {}).",
                self.increments
            ));
        }
        if self.increments_per_chunk == 0 {
            return Err("Increments per chunk must be at least 1.".into());
        }
        Ok(())
    }

    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        let counter = SharedCounter { params: self, value: AtomicU64::new(0), locked: Mutex::new(0) };
        Ok(run_on_pool(pool, &counter, self.threads_schedule(), control)?.map(|total| counted(self, total)))
    }

    fn sequential(&self) -> Output {
        counted(self, sequential(self))
    }

    /// With `partials` each process counts its whole share and sends one
    /// number; otherwise the coordinator owns the counter and each chunk of
    /// increments is one message to it.
    fn plan(&self, _workers: usize) -> Plan {
        let schedule = match self.strategy {
            Strategy::Partials => Schedule::StaticBlocks,
            _ => Schedule::Dynamic { chunk: self.increments_per_chunk as usize },
        };
        Plan {
            task_count: self.increments as usize,
            task_name: "increments",
            schedule,
            input: None,
            dependencies: None,
            broadcast: None,
            shuffle: None,
        }
    }

    /// A process shares no memory, so whatever the strategy it counts on a counter of its own.
    fn run_part(&self, increments: Range<usize>, _workers: usize, _: Vec<u32>, _broadcast: &[u8]) -> PartResult {
        PartResult { partial: Partial::Values(vec![count_privately(increments.len())]), wait_ms: 0 }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        Ok(counted(self, values(partials)?.into_iter().flatten().sum()))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::gil::Gil;

    const CORRECT: [Strategy; 3] = [Strategy::Lock, Strategy::Atomic, Strategy::Partials];

    fn params(increments: u32, strategy: Strategy, increments_per_chunk: u32) -> CounterParams {
        CounterParams { increments, strategy, increments_per_chunk }
    }

    fn on_threads(k: usize, p: &CounterParams, gil: Option<f64>) -> Run<Output> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
        let control = RunControl { cancel: &AtomicBool::new(false), gil: gil.map(Gil::new) };
        p.run_threads(&pool, &control).unwrap()
    }

    #[test]
    fn correct_strategies_count_every_increment_for_sizes_k_and_chunks() {
        for k in [1, 2, 3, 5] {
            for (n, chunk) in [(1, 1), (100, 7), (10_000, 1000), (200_003, 4096)] {
                for strategy in CORRECT {
                    let p = params(n, strategy, chunk);
                    let run = on_threads(k, &p, None);
                    assert_eq!(run.output, p.sequential(), "k={k} n={n} chunk={chunk} {strategy:?}");
                    assert_eq!(run.output.checksum, u64::from(n));
                }
            }
        }
    }

    #[test]
    fn the_race_never_counts_more_than_n_and_is_exact_on_one_worker() {
        for (n, chunk) in [(1, 1), (5000, 64), (300_000, 10_000)] {
            let p = params(n, Strategy::Unsynchronized, chunk);
            assert_eq!(on_threads(1, &p, None).output, p.sequential(), "n={n}");
            for k in [2, 4] {
                let output = on_threads(k, &p, None).output;
                let (obtained, lost) =
                    (output.details["obtained"].as_u64().unwrap(), output.details["lost"].as_u64().unwrap());
                assert!(output.checksum <= u64::from(n), "k={k} n={n}: {output:?}");
                assert_eq!((output.checksum, obtained + lost), (obtained, u64::from(n)), "k={k} n={n}");
            }
        }
    }

    #[test]
    fn under_a_gil_the_correct_strategies_stay_exact() {
        for strategy in CORRECT {
            let p = params(300_000, strategy, 5000);
            assert_eq!(on_threads(3, &p, Some(0.05)).output.checksum, 300_000, "{strategy:?}");
        }
    }

    #[test]
    fn waits_for_the_lock_are_merged_into_few_segments_inside_the_run() {
        let p = params(400_000, Strategy::Lock, 10_000);
        let run = on_threads(4, &p, None);
        let waits: Vec<_> = run.records.iter().filter(|r| r.what == LOCK_WAIT).collect();
        // Whether the lock was contended depends on the machine; if it was, the waits are segments, not one record each.
        assert!(waits.len() < 40_000, "{} wait records for 400000 increments", waits.len());
        let end = run.records.iter().filter(|r| r.what == "increments").map(|r| r.end_ms).fold(0.0, f64::max);
        assert!(waits.iter().all(|r| r.start_ms >= 0.0 && r.end_ms >= r.start_ms && r.end_ms <= end + 1.0));
        assert!(on_threads(2, &params(400_000, Strategy::Atomic, 10_000), None)
            .records
            .iter()
            .all(|r| r.what != LOCK_WAIT));
    }

    #[test]
    fn every_run_starts_from_zero() {
        let p = params(50_000, Strategy::Atomic, 1000);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        for _ in 0..3 {
            assert_eq!(
                p.run_threads(&pool, &RunControl::free(&AtomicBool::new(false))).unwrap().output.checksum,
                50_000
            );
        }
    }

    #[test]
    fn the_share_nothing_form_sends_one_number_per_process_or_per_chunk() {
        for (strategy, schedule) in [
            (Strategy::Partials, Schedule::StaticBlocks),
            (Strategy::Unsynchronized, Schedule::Dynamic { chunk: 1000 }),
            (Strategy::Lock, Schedule::Dynamic { chunk: 1000 }),
        ] {
            let p = params(12_345, strategy, 1000);
            assert_eq!(p.plan(2).schedule, schedule);
            let partials =
                (0..12_345).step_by(1000).map(|s| p.run_part(s..(s + 1000).min(12_345), 2, Vec::new(), &[]).partial);
            assert_eq!(p.merge_parts(partials.collect()).unwrap(), p.sequential(), "{strategy:?}");
        }
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(params(0, Strategy::Atomic, 1).validate().unwrap_err().contains("between 1 and"));
        assert!(params(MAX_INCREMENTS + 1, Strategy::Atomic, 1).validate().is_err());
        assert!(params(10, Strategy::Lock, 0).validate().unwrap_err().contains("per chunk"));
        assert!(params(10, Strategy::Lock, 1).validate().is_ok());
        let unknown = r#"{"increments":10,"strategy":"hope","increments_per_chunk":1}"#;
        assert!(serde_json::from_str::<CounterParams>(unknown).is_err());
    }
}
