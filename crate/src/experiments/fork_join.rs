//! Fork–join: a merge sort that splits its slice in two, sorts both halves in
//! parallel (`rayon::join`) and merges them. Below `cutoff` elements a slice is
//! sorted sequentially. Too small a cutoff and forking costs more than it saves;
//! too large and there are fewer pieces than workers. The merges near the root
//! run on one worker each, a serial part that Amdahl's law predicts will cap the
//! speedup.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::ThreadPool;
use serde::{Deserialize, Serialize};

use super::{numbers, Kernel, Output, PartResult, Partial, Plan};
use crate::clock::now_ms;
use crate::schedule::{Cancelled, RunControl, Schedule};
use crate::work::checksum;
use crate::work_record::{Kind, Lane, LaneLog, Run, WorkRecord};

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct SortParams {
    pub elements: u32,
    pub cutoff: u32,
    pub seed: u32,
}

pub const MAX_ELEMENTS: u32 = 8 * 1024 * 1024;
pub const MIN_CUTOFF: u32 = 256;

impl SortParams {
    /// The unsorted input: the same numbers for the same seed.
    pub fn input(&self) -> Vec<u32> {
        let mut state = u64::from(self.seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..self.elements)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 32) as u32
            })
            .collect()
    }
}

/// Sequential reference: the standard library's sort.
pub fn sequential(params: &SortParams) -> Vec<u32> {
    let mut data = params.input();
    data.sort_unstable();
    data
}

struct SortContext<'a> {
    cutoff: usize,
    run_start: f64,
    cancel: &'a AtomicBool,
    records: Mutex<Vec<WorkRecord>>,
}

impl SortContext<'_> {
    fn record(&self, what: &'static str, first: usize, len: usize, start_ms: f64) {
        let worker = rayon::current_thread_index().expect("sorting runs inside the pool");
        let lane = Lane::Worker(worker);
        let record = WorkRecord::span(lane, Kind::Compute, what, first..first + len, start_ms, now_ms() - self.run_start);
        self.records.lock().expect("no thread panics while holding the records").push(record);
    }

    fn sort(&self, data: &mut [u32], scratch: &mut [u32], offset: usize) {
        if self.cancel.load(Ordering::Relaxed) {
            return;
        }
        let start_ms = now_ms() - self.run_start;
        if data.len() <= self.cutoff {
            data.sort_unstable();
            self.record("sort", offset, data.len(), start_ms);
            return;
        }
        let middle = data.len() / 2;
        {
            let (left, right) = data.split_at_mut(middle);
            let (scratch_left, scratch_right) = scratch.split_at_mut(middle);
            rayon::join(|| self.sort(left, scratch_left, offset), || self.sort(right, scratch_right, offset + middle));
        }
        let merge_start = now_ms() - self.run_start;
        merge(&data[..middle], &data[middle..], scratch);
        data.copy_from_slice(scratch);
        self.record("merge", offset, data.len(), merge_start);
    }
}

fn merge(left: &[u32], right: &[u32], out: &mut [u32]) {
    let (mut i, mut j) = (0, 0);
    for slot in out.iter_mut() {
        if j == right.len() || (i < left.len() && left[i] <= right[j]) {
            *slot = left[i];
            i += 1;
        } else {
            *slot = right[j];
            j += 1;
        }
    }
}

/// Sorts the input on `pool` by fork–join; records every leaf sort and merge.
pub fn run_fork_join(pool: &ThreadPool, params: &SortParams, cancel: &AtomicBool) -> Result<Run<Vec<u32>>, Cancelled> {
    let mut data = params.input();
    let mut scratch = vec![0; data.len()];
    let context =
        SortContext { cutoff: params.cutoff as usize, run_start: now_ms(), cancel, records: Mutex::new(Vec::new()) };
    pool.install(|| context.sort(&mut data, &mut scratch, 0));
    if cancel.load(Ordering::Relaxed) {
        return Err(Cancelled);
    }
    let mut records = context.records.into_inner().expect("no thread panicked while holding the records");
    records.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
    Ok(Run::finished(data, pool.current_num_threads(), context.run_start, LaneLog::of_spans(records)))
}

fn checksum_of(sorted: &[u32]) -> u64 {
    checksum(sorted.iter().map(|&v| u64::from(v)))
}

/// Without shared memory there is no fork–join: workers sort blocks of
/// `cutoff` numbers that the coordinator sends them, and the coordinator
/// merges all blocks at the end. A lone worker has no one to balance against
/// or to split the input with: it takes all the blocks as one chunk (static
/// blocks) instead of one message per block, and makes the keys itself, as the
/// coordinator would have (the same work, without copying them out and in);
/// it still sorts them block by block and sends them back to be merged.
impl Kernel for SortParams {
    fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_ELEMENTS).contains(&self.elements) {
            return Err(format!(
                "The number of elements must be between 1 and {MAX_ELEMENTS} (got {}).",
                self.elements
            ));
        }
        if self.cutoff < MIN_CUTOFF {
            return Err(format!("The cutoff must be at least {MIN_CUTOFF} elements (got {}).", self.cutoff));
        }
        Ok(())
    }

    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        Ok(run_fork_join(pool, self, control.cancel)?.map(|sorted| Output::checksum_only(checksum_of(&sorted))))
    }

    fn supports_gil(&self) -> bool {
        false
    }

    fn sequential(&self) -> Output {
        Output::checksum_only(checksum_of(&sequential(self)))
    }

    fn plan(&self, workers: usize) -> Plan {
        Plan {
            task_count: (self.elements as usize).div_ceil(self.cutoff as usize),
            task_name: "sort",
            schedule: if workers == 1 { Schedule::StaticBlocks } else { Schedule::Dynamic { chunk: 1 } },
            input: (workers > 1).then(|| (self.input(), self.cutoff as usize)),
            dependencies: None,
            broadcast: None,
            shuffle: None,
        }
    }

    /// A chunk of several tasks sorts each task's block on its own: the runs
    /// that come back are always `cutoff` long (the input's last one may be shorter).
    fn run_part(&self, tasks: Range<usize>, workers: usize, sent: Vec<u32>, _broadcast: &[u8]) -> PartResult {
        let mut blocks = if workers == 1 { self.blocks_of(tasks) } else { sent };
        for block in blocks.chunks_mut(self.cutoff as usize) {
            block.sort_unstable();
        }
        PartResult { partial: Partial::Numbers(blocks), wait_ms: 0 }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        let mut parts = numbers(partials)?;
        // A lone worker's one partial is already every run, in order: merged without a copy.
        let runs = if parts.len() == 1 { parts.pop().unwrap_or_default() } else { parts.concat() };
        Ok(Output::checksum_only(checksum_of(&merge_sorted_runs(runs, self.cutoff as usize))))
    }
}

impl SortParams {
    /// The input's blocks of `tasks` (a task is `cutoff` numbers), made from the seed.
    fn blocks_of(&self, tasks: Range<usize>) -> Vec<u32> {
        let cutoff = self.cutoff as usize;
        let mut keys = self.input();
        keys.truncate(tasks.end.saturating_mul(cutoff));
        keys.drain(..(tasks.start * cutoff).min(keys.len()));
        keys
    }
}

/// Merges the sorted runs of `run_len` numbers that lie one after another in
/// `runs` (the last may be shorter), two at a time, level by level, as the
/// threads engine's merges do: each level reads every element once, so r runs
/// cost log2(r) passes (a heap of all r heads would cost a log2(r) sift per
/// element instead). The levels take turns writing into one scratch buffer.
fn merge_sorted_runs(mut runs: Vec<u32>, run_len: usize) -> Vec<u32> {
    let mut merged = vec![0; runs.len()];
    let mut width = run_len.max(1);
    while width < runs.len() {
        for (pair, out) in runs.chunks(2 * width).zip(merged.chunks_mut(2 * width)) {
            let (left, right) = pair.split_at(width.min(pair.len()));
            merge(left, right, out);
        }
        std::mem::swap(&mut runs, &mut merged);
        width *= 2;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiments::share_nothing;

    fn pool(k: usize) -> ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap()
    }

    #[test]
    fn parallel_equals_sequential_for_sizes_k_cutoffs_and_seeds() {
        for k in [1, 2, 3, 4] {
            let pool = pool(k);
            for (elements, cutoff, seed) in
                [(1, 256, 0), (255, 256, 1), (1000, 256, 2), (100_000, 1024, 3), (65_537, 300, 4)]
            {
                let p = SortParams { elements, cutoff, seed };
                let run = run_fork_join(&pool, &p, &AtomicBool::new(false)).unwrap();
                assert_eq!(run.output, sequential(&p), "k={k} n={elements} cutoff={cutoff} seed={seed}");
            }
        }
    }

    #[test]
    fn leaves_cover_the_input_once_and_are_no_larger_than_the_cutoff() {
        let p = SortParams { elements: 10_000, cutoff: 1000, seed: 9 };
        let run = run_fork_join(&pool(2), &p, &AtomicBool::new(false)).unwrap();
        let mut leaves: Vec<(usize, usize)> =
            run.records.iter().filter(|r| r.what == "sort").map(|r| (r.first_task, r.task_count)).collect();
        leaves.sort_unstable();
        assert!(leaves.iter().all(|&(_, len)| len <= 1000));
        assert_eq!(leaves.iter().map(|&(_, len)| len).sum::<usize>(), 10_000);
        assert!(leaves.windows(2).all(|w| w[0].0 + w[0].1 == w[1].0));
    }

    #[test]
    fn sorted_runs_merge_into_one_sorted_sequence() {
        assert_eq!(merge_sorted_runs(vec![1, 4, 9, 2, 3, 10, 0, 5, 6, 4], 3), vec![0, 1, 2, 3, 4, 4, 5, 6, 9, 10]);
        assert_eq!(merge_sorted_runs(vec![7, 8], 3), vec![7, 8]);
        assert_eq!(merge_sorted_runs(Vec::new(), 3), Vec::<u32>::new());
    }

    #[test]
    fn share_nothing_equals_sequential_whether_a_worker_gets_one_block_or_all() {
        for (elements, cutoff, seed) in [(1, 256, 0), (1000, 256, 2), (65_537, 300, 4), (100_000, 1024, 3)] {
            let p = SortParams { elements, cutoff, seed };
            let expected = p.sequential().checksum;
            let tasks = p.plan(2).task_count;
            for (workers, chunk) in [(1, tasks), (1, 3), (2, 1), (3, 2), (2, 7)] {
                assert_eq!(share_nothing::run(&p, workers, chunk).0.checksum, expected, "{p:?} k={workers} chunk={chunk}");
            }
        }
    }

    #[test]
    fn a_lone_worker_makes_its_keys_and_takes_all_blocks_at_once_more_workers_are_sent_one_block_at_a_time() {
        let p = SortParams { elements: 100_000, cutoff: 1024, seed: 3 };
        let (alone, shared) = (p.plan(1), p.plan(2));
        assert!(matches!(alone.schedule, Schedule::StaticBlocks) && alone.input.is_none());
        assert!(matches!(shared.schedule, Schedule::Dynamic { chunk: 1 }));
        assert_eq!(shared.input, Some((p.input(), 1024)));
        assert_eq!(p.blocks_of(1..3), p.input()[1024..3072]);
        assert_eq!(p.blocks_of(97..98), p.input()[99_328..]);
    }

    #[test]
    fn the_input_depends_on_the_seed_only() {
        let a = SortParams { elements: 100, cutoff: 256, seed: 1 };
        assert_eq!(a.input(), a.input());
        assert_ne!(a.input(), SortParams { seed: 2, ..a }.input());
    }

    #[test]
    fn cancel_and_bad_parameters() {
        let p = SortParams { elements: 5000, cutoff: 256, seed: 0 };
        assert_eq!(run_fork_join(&pool(2), &p, &AtomicBool::new(true)).unwrap_err(), Cancelled);
        assert!(SortParams { cutoff: 10, ..p }.validate().unwrap_err().contains("cutoff"));
        assert!(SortParams { elements: 0, ..p }.validate().is_err());
    }
}
