//! Sample sort: sorting by range partitioning, the way a cluster sorts. Pick
//! k − 1 splitters from a sample of the keys, route every key to the bucket
//! between its splitters, sort the k buckets at the same time, and
//! concatenate them: bucket r holds only keys between those of buckets r − 1
//! and r + 1, so nothing needs merging. A bucket is sorted by a radix sort. Unlike fork–join's merge sort, no
//! serial merge near the root: the speedup is limited by the largest bucket.
//!
//! Its input is fork–join's (`SortParams::input`), so that with uniform keys
//! both sort the same numbers into the same checksum. `keys: duplicates`
//! makes half of the keys one value, and `splitters` says how the splitters
//! are chosen:
//! - `sample`: 4 sampled keys per bucket, keys routed by value alone. A small
//!   sample misjudges where the quantiles are, and every copy of a duplicated
//!   key goes to one bucket, however many splitters equal it.
//! - `oversampled`: 256 sampled keys per bucket, and equal keys told apart by
//!   their position in the input, so that a hot key's copies are spread over
//!   as many buckets as its share of the keys needs.

use std::ops::Range;

use rayon::ThreadPool;
use serde::{Deserialize, Serialize};

use super::fork_join::{SortParams, MIN_CUTOFF};
use super::{
    column, decode, encode, encoded_size, values, BytesMoved, Kernel, Output, PartResult, Partial, Plan, Shuffle,
};
use crate::data::{below, draw};
use crate::gil;
use crate::schedule::{Cancelled, Rounds, RunControl, Schedule};
use crate::work::{checksum, checksum_part};
use crate::work_record::Run;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Keys {
    /// Fork–join's numbers as they are.
    Uniform,
    /// Fork–join's numbers with every even one replaced by `HOT_KEY`.
    Duplicates,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Splitters {
    Sample,
    Oversampled,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct SampleSortParams {
    pub elements: u32,
    pub seed: u32,
    pub keys: Keys,
    pub splitters: Splitters,
}

/// The duplicated key: the middle of the range of u32.
pub const HOT_KEY: u32 = 1 << 31;

// Sampled keys per bucket.
const SAMPLE_PER_BUCKET: usize = 4;
const OVERSAMPLE_PER_BUCKET: usize = 256;
// How many keys a worker routes between two GIL checkpoints.
const KEYS_PER_CHECKPOINT: usize = 4096;
// The seed of the sample's positions, apart from the input's.
const SAMPLE_SEED: u64 = 0x5A4D_504C;

impl SampleSortParams {
    /// Fork–join's input with the same elements and seed, with the keys made as asked.
    pub fn input(&self) -> Vec<u32> {
        let mut keys = SortParams { elements: self.elements, cutoff: MIN_CUTOFF, seed: self.seed }.input();
        if self.keys == Keys::Duplicates {
            for key in &mut keys {
                if *key % 2 == 0 {
                    *key = HOT_KEY;
                }
            }
        }
        keys
    }

    /// The splitters for `buckets` buckets, from a sample of `input`.
    fn splitters(&self, input: &[u32], buckets: usize) -> Bounds {
        let per_bucket = match self.splitters {
            Splitters::Sample => SAMPLE_PER_BUCKET,
            Splitters::Oversampled => OVERSAMPLE_PER_BUCKET,
        };
        let size = per_bucket * buckets;
        let mut sample: Vec<(u32, u32)> = (0..size as u64)
            .map(|j| below(draw(SAMPLE_SEED ^ u64::from(self.seed), j), input.len() as u64) as usize)
            .map(|position| (input[position], position as u32))
            .collect();
        sample.sort_unstable();
        Bounds {
            splitters: (1..buckets).map(|b| sample[b * size / buckets]).collect(),
            by_position: self.splitters == Splitters::Oversampled,
            block: input.len().div_ceil(buckets) as u32,
        }
    }
}

/// What routes a key: the splitters, as (key, position in the input), and
/// how the input is cut into blocks, one per mapper. Sent to every process.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Bounds {
    splitters: Vec<(u32, u32)>,
    /// Whether equal keys are told apart by their positions.
    by_position: bool,
    block: u32,
}

impl Bounds {
    fn buckets(&self) -> usize {
        self.splitters.len() + 1
    }

    /// The bucket of the key at `position`: how many splitters come before it.
    fn bucket_of(&self, key: u32, position: u32) -> usize {
        if self.by_position {
            self.splitters.partition_point(|&splitter| splitter < (key, position))
        } else {
            self.splitters.partition_point(|&(splitter, _)| splitter < key)
        }
    }

    /// The positions of mapper `task`'s block.
    fn block_of(&self, task: usize, len: usize) -> Range<usize> {
        let block = self.block as usize;
        (task * block).min(len)..((task + 1) * block).min(len)
    }

    /// Cuts `keys` (starting at position `first`) into one bucket per reducer.
    fn route(&self, keys: &[u32], first: usize) -> Vec<Vec<u32>> {
        // Each with room for an even share (`vec![..; n]` would clone the first without its capacity).
        let mut buckets: Vec<Vec<u32>> =
            (0..self.buckets()).map(|_| Vec::with_capacity(keys.len() / self.buckets())).collect();
        for (block, block_keys) in keys.chunks(KEYS_PER_CHECKPOINT).enumerate() {
            gil::checkpoint();
            let block_first = first + block * KEYS_PER_CHECKPOINT;
            for (i, &key) in block_keys.iter().enumerate() {
                buckets[self.bucket_of(key, (block_first + i) as u32)].push(key);
            }
        }
        buckets
    }
}

/// A mapper's bucket for one reducer, as it travels, with how many of the
/// mapper's keys went to the reducers before it: their sum over the mappers
/// is where the reducer's keys start in the sorted whole.
#[derive(Serialize)]
struct BucketOut<'a> {
    before: u32,
    #[serde(with = "column")]
    keys: &'a [u32],
}

#[derive(Deserialize)]
struct BucketIn {
    before: u32,
    #[serde(with = "column")]
    keys: Vec<u32>,
}

/// Sequential reference: the standard library's sort of the same keys.
pub fn sequential(params: &SampleSortParams) -> Vec<u32> {
    let mut keys = params.input();
    keys.sort_unstable();
    keys
}

/// The result: the checksum of the sorted keys (fork–join's, for uniform
/// keys) and how many keys each bucket got.
fn sorted(buckets: &[Vec<u32>], would_move: Option<BytesMoved>) -> Output {
    let sizes = buckets.iter().map(Vec::len).collect();
    result(checksum(buckets.iter().flatten().map(|&key| u64::from(key))), sizes, would_move)
}

fn result(checksum: u64, bucket_sizes: Vec<usize>, would_move: Option<BytesMoved>) -> Output {
    let mut details = serde_json::json!({ "bucket_sizes": bucket_sizes });
    if let Some(bytes) = would_move {
        details["would_move"] = serde_json::to_value(bytes).expect("bytes are plain numbers");
    }
    Output { checksum, details, arrays: Vec::new() }
}

/// What a process sends back for a bucket it sorted, starting at position
/// `first` of the `total` sorted keys: its size and its part of the checksum.
/// The sorted keys stay where they were sorted, as a cluster's sort writes its
/// output where each part was sorted; the coordinator needs only this.
fn summary(sorted: &[u32], first: usize, total: usize) -> Partial {
    Partial::Values(vec![sorted.len() as u64, checksum_part(sorted.iter().map(|&key| u64::from(key)), first, total)])
}

// What a summary weighs: two u64.
const SUMMARY_BYTES: u64 = 16;

/// A reducer's bucket, from the parts the mappers routed to it, sorted.
fn sort_bucket(parts: &[&[u32]]) -> Vec<u32> {
    let mut keys = Vec::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        keys.extend_from_slice(part);
    }
    radix_sort(keys)
}

/// Sorts by the keys' bytes, least significant first: four passes that each
/// count the keys per byte value and then move every key to its place. Plain
/// loads and stores, which the browser runs about as fast as native code
/// (the standard library's sort_unstable took 1.8 times as long in wasm as
/// natively on 2 M keys; fork–join's blocks and merges do not have that gap).
fn radix_sort(mut keys: Vec<u32>) -> Vec<u32> {
    let mut moved = vec![0; keys.len()];
    for shift in [0, 8, 16, 24] {
        gil::checkpoint();
        let byte = |key: u32| (key >> shift & 0xFF) as usize;
        let mut starts = [0usize; 256];
        for &key in &keys {
            starts[byte(key)] += 1;
        }
        let mut next = 0;
        for start in &mut starts {
            (*start, next) = (next, next + *start);
        }
        for &key in &keys {
            let slot = &mut starts[byte(key)];
            moved[*slot] = key;
            *slot += 1;
        }
        std::mem::swap(&mut keys, &mut moved);
    }
    keys
}

// bincode writes a bucket as its `before` (4 bytes), then the keys' length (8 bytes) and the keys.
const BUCKET_HEADER: u64 = 4 + 8;

impl Kernel for SampleSortParams {
    fn validate(&self) -> Result<(), String> {
        SortParams { elements: self.elements, cutoff: MIN_CUTOFF, seed: self.seed }.validate()
    }

    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        // Made in the run, as fork–join makes its input, so that the two compare alike.
        let input = self.input();
        let k = pool.current_num_threads();
        let bounds = self.splitters(&input, k);
        let mut rounds = Rounds::new(pool, control);
        let routed = rounds.run("shuffle", |task| {
            bounds.route(&input[bounds.block_of(task, input.len())], task * bounds.block as usize)
        })?;
        let buckets = rounds.run("sort", |reducer| {
            sort_bucket(&routed.iter().map(|of_task| &of_task[reducer][..]).collect::<Vec<_>>())
        })?;
        // What the processes would move: with more than one, every block out
        // with the bounds and the buckets of every mapper; a summary of each sorted bucket back.
        let n = input.len() as u64;
        let mappers = input.len().div_ceil(bounds.block as usize) as u64;
        let would_move = BytesMoved {
            scatter: if k > 1 { 4 * n + mappers * encoded_size(&bounds) } else { 0 },
            shuffle: if k > 1 { 4 * n + mappers * k as u64 * BUCKET_HEADER } else { 0 },
            gather: k as u64 * SUMMARY_BYTES,
        };
        Ok(rounds.finish(sorted(&buckets, Some(would_move))))
    }

    fn sequential(&self) -> Output {
        Output::checksum_only(checksum(sequential(self).into_iter().map(u64::from)))
    }

    /// The coordinator makes the input (as fork–join's does), samples it,
    /// sends every mapper a block and the bounds; reducer r sorts bucket r.
    /// A lone process has nothing to sample, split or shuffle: it makes the
    /// keys itself, as the coordinator would have, and sorts them all.
    fn plan(&self, workers: usize) -> Plan {
        if workers == 1 {
            return Plan {
                task_count: 1,
                task_name: "sort",
                schedule: Schedule::StaticBlocks,
                input: None,
                dependencies: None,
                broadcast: None,
                shuffle: None,
            };
        }
        let input = self.input();
        let bounds = self.splitters(&input, workers);
        Plan {
            task_count: input.len().div_ceil(bounds.block as usize),
            // The buckets' travel to the reducers is the engine's "shuffle"; writing them is "route".
            task_name: "route",
            schedule: Schedule::StaticBlocks,
            input: Some((input, bounds.block as usize)),
            dependencies: None,
            broadcast: Some(encode(&bounds)),
            shuffle: Some(Shuffle { reducers: workers, reducer_name: "sort" }),
        }
    }

    fn run_part(&self, tasks: Range<usize>, workers: usize, keys: Vec<u32>, broadcast: &[u8]) -> PartResult {
        if workers == 1 {
            return PartResult { partial: summary(&radix_sort(self.input()), 0, self.elements as usize), wait_ms: 0 };
        }
        let bounds: Bounds = decode(broadcast).expect("the coordinator sent the bounds");
        let first = tasks.start * bounds.block as usize;
        let buckets = bounds.route(&keys, first);
        let mut before = 0;
        let encoded = buckets
            .iter()
            .map(|bucket| {
                let bytes = encode(&BucketOut { before, keys: bucket });
                before += bucket.len() as u32;
                bytes
            })
            .collect();
        PartResult { partial: Partial::Buckets(encoded), wait_ms: 0 }
    }

    fn run_reducer(&self, _reducer: usize, buckets: Vec<Vec<u8>>) -> PartResult {
        let parts: Vec<BucketIn> =
            buckets.iter().map(|bytes| decode(bytes).expect("a mapper sent this reducer a bucket")).collect();
        let first = parts.iter().map(|part| part.before as usize).sum();
        let sorted = sort_bucket(&parts.iter().map(|part| &part.keys[..]).collect::<Vec<_>>());
        PartResult { partial: summary(&sorted, first, self.elements as usize), wait_ms: 0 }
    }

    /// The sorted buckets' summaries, in reducer order: their sizes, and the
    /// checksum of their keys one after another.
    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        let summaries = values(partials)?;
        let sizes = summaries.iter().map(|summary| summary[0] as usize).collect();
        Ok(result(summaries.iter().fold(0, |acc, summary| acc ^ summary[1]), sizes, None))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::experiments::share_nothing;

    fn params(elements: u32, seed: u32, keys: Keys, splitters: Splitters) -> SampleSortParams {
        SampleSortParams { elements, seed, keys, splitters }
    }

    fn on_threads(params: &SampleSortParams, k: usize) -> Run<Output> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
        params.run_threads(&pool, &RunControl::free(&AtomicBool::new(false))).unwrap()
    }

    fn bucket_sizes(output: &Output) -> Vec<usize> {
        serde_json::from_value(output.details["bucket_sizes"].clone()).unwrap()
    }

    const SIZES: [(u32, u32); 5] = [(1, 0), (7, 1), (1000, 2), (30_011, 3), (65_537, 4)];
    const KINDS: [(Keys, Splitters); 4] = [
        (Keys::Uniform, Splitters::Sample),
        (Keys::Uniform, Splitters::Oversampled),
        (Keys::Duplicates, Splitters::Sample),
        (Keys::Duplicates, Splitters::Oversampled),
    ];

    #[test]
    fn every_engine_and_k_sorts_like_the_sequential_reference() {
        for (elements, seed) in SIZES {
            for (keys, splitters) in KINDS {
                let p = params(elements, seed, keys, splitters);
                let reference = p.sequential().checksum;
                for k in [1, 2, 3, 5] {
                    let threads = on_threads(&p, k);
                    assert_eq!(threads.output.checksum, reference, "{p:?} threads k={k}");
                    for chunk in [1, 2] {
                        let (processes, _) = share_nothing::run(&p, k, chunk);
                        assert_eq!(
                            processes,
                            threads.output_without_would_move(),
                            "{p:?} processes k={k} chunk={chunk}"
                        );
                    }
                }
            }
        }
    }

    trait WithoutWouldMove {
        fn output_without_would_move(&self) -> Output;
    }

    impl WithoutWouldMove for Run<Output> {
        fn output_without_would_move(&self) -> Output {
            let mut details = self.output.details.clone();
            details.as_object_mut().unwrap().remove("would_move");
            Output { checksum: self.output.checksum, details, arrays: Vec::new() }
        }
    }

    #[test]
    fn uniform_keys_are_fork_joins_input_and_sort_to_its_checksum() {
        let p = params(100_000, 7, Keys::Uniform, Splitters::Oversampled);
        let fork_join = SortParams { elements: 100_000, cutoff: 1024, seed: 7 };
        assert_eq!(p.input(), fork_join.input());
        assert_eq!(on_threads(&p, 3).output.checksum, fork_join.sequential().checksum);
    }

    #[test]
    fn a_hot_key_overloads_one_bucket_unless_its_copies_are_told_apart() {
        let largest_share = |splitters| {
            let output = on_threads(&params(200_000, 1, Keys::Duplicates, splitters), 4).output;
            *bucket_sizes(&output).iter().max().unwrap() as f64 / 200_000.0
        };
        assert!(largest_share(Splitters::Sample) > 0.5, "every copy of the hot key in one bucket");
        assert!(
            largest_share(Splitters::Oversampled) < 0.3,
            "about a quarter each: {}",
            largest_share(Splitters::Oversampled)
        );
        let uniform = on_threads(&params(200_000, 1, Keys::Uniform, Splitters::Oversampled), 4).output;
        assert!(bucket_sizes(&uniform).iter().all(|&size| (40_000..60_000).contains(&size)));
    }

    #[test]
    fn threads_report_what_the_processes_move() {
        for (elements, k) in [(10_000, 3), (5, 4), (10_000, 1)] {
            let p = params(elements, 2, Keys::Duplicates, Splitters::Oversampled);
            let reported: BytesMoved =
                serde_json::from_value(on_threads(&p, k).output.details["would_move"].clone()).unwrap();
            let plan = p.plan(k);
            let (input, block) = plan.input.unwrap_or_default();
            let broadcast = plan.broadcast.unwrap_or_default();
            let mut moved = BytesMoved::default();
            let mut for_reducers = vec![Vec::new(); k];
            let mut gather = |partial| {
                let Partial::Values(summary) = partial else { panic!("a sorted bucket's summary") };
                moved.gather += summary.len() as u64 * 8;
            };
            for task in 0..plan.task_count {
                let keys = input[task * block..((task + 1) * block).min(input.len())].to_vec();
                moved.scatter += (keys.len() * 4 + broadcast.len()) as u64;
                match p.run_part(task..task + 1, k, keys, &broadcast).partial {
                    Partial::Buckets(buckets) => {
                        for (reducer, bucket) in buckets.into_iter().enumerate() {
                            moved.shuffle += bucket.len() as u64;
                            for_reducers[reducer].push(bucket);
                        }
                    }
                    sorted => gather(sorted),
                }
            }
            assert_eq!(plan.shuffle.is_some(), k > 1, "one process has nothing to shuffle");
            if plan.shuffle.is_some() {
                for (reducer, buckets) in for_reducers.into_iter().enumerate() {
                    gather(p.run_reducer(reducer, buckets).partial);
                }
            }
            assert_eq!(reported, moved, "n={elements} k={k}");
        }
    }

    #[test]
    fn the_timeline_shows_the_routing_then_the_sorts() {
        let run = on_threads(&params(50_000, 3, Keys::Uniform, Splitters::Sample), 3);
        assert_eq!(run.records.iter().filter(|r| r.what == "shuffle").count(), 3);
        assert_eq!(run.records.iter().filter(|r| r.what == "sort").count(), 3);
        assert_eq!(run.distinct_workers(), 3);
    }

    #[test]
    fn the_radix_sort_sorts() {
        let hot = params(50_000, 9, Keys::Duplicates, Splitters::Sample);
        assert_eq!(radix_sort(hot.input()), sequential(&hot));
        assert_eq!(radix_sort(vec![u32::MAX, 0, 256, 1, 65_536, 255]), vec![0, 1, 255, 256, 65_536, u32::MAX]);
        assert!(radix_sort(Vec::new()).is_empty());
    }

    #[test]
    fn bad_sizes_are_refused() {
        assert!(params(0, 1, Keys::Uniform, Splitters::Sample).validate().unwrap_err().contains("elements"));
        assert!(params(9 << 20, 1, Keys::Uniform, Splitters::Sample).validate().is_err());
    }
}
