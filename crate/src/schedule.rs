//! How the tasks of an experiment are handed to the k workers of a pool.
//!
//! Every worker of the pool runs the same loop (`ThreadPool::broadcast`), so a
//! run with k workers uses exactly the k threads of its pool; the schedule only
//! decides which chunks each of them takes.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::ThreadPool;
use serde::{Deserialize, Serialize};

use crate::clock::now_ms;
use crate::gil::{self, Gil};
use crate::recorder;
use crate::work_record::{Kind, Lane, LaneLog, Run};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    /// Worker w takes the w-th contiguous block of n/k tasks.
    StaticBlocks,
    /// Worker w takes chunks w, w+k, w+2k, ... of `chunk` tasks each.
    StaticInterleaved { chunk: usize },
    /// Workers take the next free chunk of `chunk` tasks from a shared counter.
    Dynamic { chunk: usize },
}

/// What holds a run back besides its work: a cancel flag that workers read
/// between chunks, and optionally a GIL that they must hold while computing.
pub struct RunControl<'a> {
    pub cancel: &'a AtomicBool,
    pub gil: Option<Arc<Gil>>,
}

impl<'a> RunControl<'a> {
    /// A run with nothing but its cancel flag.
    pub fn free(cancel: &'a AtomicBool) -> Self {
        RunControl { cancel, gil: None }
    }
}

/// The run was stopped through its cancel flag before all tasks ran.
#[derive(Debug, PartialEq, Eq)]
pub struct Cancelled;

/// A computation that splits into `task_count` independent tasks, runs any
/// contiguous range of them as one chunk, and merges the chunks' partial results.
/// The same description serves a shared-memory pool and share-nothing workers.
pub trait Experiment: Sync {
    type Partial: Send;
    type Output;
    /// What one task is, for people reading a timeline ("rows", "toasts").
    fn task_name(&self) -> &'static str;
    fn task_count(&self) -> usize;
    fn run_chunk(&self, tasks: Range<usize>) -> Self::Partial;
    /// `partials` come in task order and cover all tasks exactly once.
    fn merge(&self, partials: Vec<Self::Partial>) -> Self::Output;
}

/// Runs `experiment` on every worker of `pool` following `schedule`. Workers
/// look at the cancel flag before each chunk, and hold the GIL, if there is
/// one, whenever they compute. Each worker's lane log holds its chunks and its
/// waits: for the GIL, and those the kernel recorded (a lock).
pub fn run_on_pool<E: Experiment>(
    pool: &ThreadPool,
    experiment: &E,
    schedule: Schedule,
    control: &RunControl,
) -> Result<Run<E::Output>, Cancelled> {
    let (partials, mut log, run_start) = run_partials_on_pool(pool, experiment, schedule, control)?;
    let (output, merge_log) = recorder::merge(experiment.task_count(), run_start, || experiment.merge(partials));
    log.absorb(merge_log);
    Ok(Run::finished(output, pool.current_num_threads(), run_start, log))
}

/// The pool's part of `run_on_pool`: the chunks' partials in task order, the
/// workers' logs, and when the run started (for a merge timed by the caller).
pub fn run_partials_on_pool<E: Experiment>(
    pool: &ThreadPool,
    experiment: &E,
    schedule: Schedule,
    control: &RunControl,
) -> Result<(Vec<E::Partial>, LaneLog, f64), Cancelled> {
    let task_count = experiment.task_count();
    let run_start = now_ms();
    let next_dynamic_chunk = AtomicUsize::new(0);

    let per_worker = pool.broadcast(|ctx| {
        let worker = ctx.index();
        let chunks = ChunkIter::new(schedule, worker, ctx.num_threads(), task_count, &next_dynamic_chunk);
        recorder::keeping(Lane::Worker(worker), run_start, || {
            let work = || run_chunks(experiment, chunks, control.cancel);
            match &control.gil {
                Some(gil) => gil::run_holding(gil, work),
                None => work(),
            }
        })
    });

    let mut log = LaneLog::default();
    let mut chunks: Vec<(usize, usize, E::Partial)> = Vec::new();
    for (done, worker_log) in per_worker {
        chunks.extend(done);
        log.absorb(worker_log);
    }
    let covered: usize = chunks.iter().map(|(_, count, _)| count).sum();
    if covered != task_count {
        return Err(Cancelled);
    }
    chunks.sort_by_key(|(first, _, _)| *first);
    Ok((chunks.into_iter().map(|(_, _, partial)| partial).collect(), log, run_start))
}

/// One round of `Rounds`: task t on worker t.
struct Round<F> {
    name: &'static str,
    tasks: usize,
    task: F,
}

impl<T: Send, F: Fn(usize) -> T + Sync> Experiment for Round<F> {
    type Partial = Vec<T>;
    type Output = Vec<T>;

    fn task_name(&self) -> &'static str {
        self.name
    }

    fn task_count(&self) -> usize {
        self.tasks
    }

    fn run_chunk(&self, tasks: Range<usize>) -> Vec<T> {
        tasks.map(&self.task).collect()
    }

    fn merge(&self, partials: Vec<Vec<T>>) -> Vec<T> {
        partials.into_iter().flatten().collect()
    }
}

/// A run on threads in rounds, as the data experiments' map and reduce: in
/// each round every worker of `pool` runs one task, worker t task t (its
/// partition, or its reducer), and a round starts when the previous one has
/// ended. The rounds' records share the clock of the first round.
pub struct Rounds<'a> {
    pool: &'a ThreadPool,
    control: &'a RunControl<'a>,
    started: f64,
    log: LaneLog,
}

impl<'a> Rounds<'a> {
    pub fn new(pool: &'a ThreadPool, control: &'a RunControl<'a>) -> Rounds<'a> {
        Rounds { pool, control, started: now_ms(), log: LaneLog::default() }
    }


    /// One task per worker, named `name` in the timeline.
    pub fn run<T: Send>(&mut self, name: &'static str, task: impl Fn(usize) -> T + Sync) -> Result<Vec<T>, Cancelled> {
        let tasks = self.pool.current_num_threads();
        // run_on_pool's clock starts within microseconds of this reading.
        let offset = now_ms() - self.started;
        let (partials, log, _) =
            run_partials_on_pool(self.pool, &Round { name, tasks, task }, Schedule::StaticBlocks, self.control)?;
        self.log.absorb(log.shifted(offset));
        Ok(partials.into_iter().flatten().collect())
    }

    pub fn finish<T>(self, output: T) -> Run<T> {
        Run::finished(output, self.pool.current_num_threads(), self.started, self.log)
    }
}

/// The chunks that worker `worker` of `workers` takes under a static schedule,
/// in order (what a share-nothing worker prepares data for before a run);
/// None under a dynamic schedule, where that depends on the run.
pub fn static_chunks(
    schedule: Schedule,
    worker: usize,
    workers: usize,
    task_count: usize,
) -> Option<Vec<Range<usize>>> {
    if let Schedule::Dynamic { .. } = schedule {
        return None;
    }
    let unused = AtomicUsize::new(0);
    Some(ChunkIter::new(schedule, worker, workers, task_count, &unused).collect())
}

/// One worker's chunks as (first task, task count, partial), each recorded in the worker's lane log.
fn run_chunks<E: Experiment>(experiment: &E, chunks: ChunkIter, cancel: &AtomicBool) -> Vec<(usize, usize, E::Partial)> {
    let mut done = Vec::new();
    for range in chunks {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        let partial = recorder::span(Kind::Compute, experiment.task_name(), range.clone(), || experiment.run_chunk(range.clone()));
        done.push((range.start, range.len(), partial));
    }
    done
}

/// The chunks one worker takes, in the order it takes them.
enum ChunkIter<'a> {
    Strided { next: usize, stride: usize, chunk: usize, end: usize },
    Shared { counter: &'a AtomicUsize, chunk: usize, end: usize },
}

impl<'a> ChunkIter<'a> {
    fn new(schedule: Schedule, worker: usize, workers: usize, n: usize, counter: &'a AtomicUsize) -> Self {
        match schedule {
            Schedule::StaticBlocks => {
                let start = worker * n / workers;
                let end = (worker + 1) * n / workers;
                ChunkIter::Strided { next: start, stride: usize::MAX, chunk: end - start, end }
            }
            Schedule::StaticInterleaved { chunk } => {
                let chunk = chunk.max(1);
                ChunkIter::Strided { next: worker * chunk, stride: workers * chunk, chunk, end: n }
            }
            Schedule::Dynamic { chunk } => ChunkIter::Shared { counter, chunk: chunk.max(1), end: n },
        }
    }
}

impl Iterator for ChunkIter<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let (start, chunk, end) = match self {
            ChunkIter::Strided { next, stride, chunk, end } => {
                let start = *next;
                *next = next.saturating_add(*stride);
                (start, *chunk, *end)
            }
            ChunkIter::Shared { counter, chunk, end } => (counter.fetch_add(*chunk, Ordering::Relaxed), *chunk, *end),
        };
        (start < end && chunk > 0).then(|| start..(start + chunk).min(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Squares of 0..n, so every task's output is known in advance.
    struct Squares(usize);

    impl Experiment for Squares {
        type Partial = Vec<u64>;
        type Output = Vec<u64>;
        fn task_name(&self) -> &'static str {
            "squares"
        }
        fn task_count(&self) -> usize {
            self.0
        }
        fn run_chunk(&self, tasks: Range<usize>) -> Vec<u64> {
            tasks.map(|t| (t * t) as u64).collect()
        }
        fn merge(&self, partials: Vec<Vec<u64>>) -> Vec<u64> {
            partials.concat()
        }
    }

    fn pool(k: usize) -> ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap()
    }

    const SCHEDULES: [Schedule; 5] = [
        Schedule::StaticBlocks,
        Schedule::StaticInterleaved { chunk: 1 },
        Schedule::StaticInterleaved { chunk: 7 },
        Schedule::Dynamic { chunk: 1 },
        Schedule::Dynamic { chunk: 5 },
    ];

    #[test]
    fn every_schedule_covers_every_task_once_in_order() {
        for k in [1, 2, 3, 8] {
            let pool = pool(k);
            for n in [0, 1, 5, 64, 101] {
                for schedule in SCHEDULES {
                    let run =
                        run_on_pool(&pool, &Squares(n), schedule, &RunControl::free(&AtomicBool::new(false))).unwrap();
                    let expected: Vec<u64> = (0..n as u64).map(|t| t * t).collect();
                    assert_eq!(run.output, expected, "k={k} n={n} {schedule:?}");
                    assert_eq!(run.workers, k);
                }
            }
        }
    }

    #[test]
    fn static_schedules_use_exactly_k_workers() {
        for k in [1, 2, 4, 7] {
            let pool = pool(k);
            for schedule in [Schedule::StaticBlocks, Schedule::StaticInterleaved { chunk: 2 }] {
                let run =
                    run_on_pool(&pool, &Squares(100), schedule, &RunControl::free(&AtomicBool::new(false))).unwrap();
                assert_eq!(run.distinct_workers(), k, "k={k} {schedule:?}");
            }
        }
    }

    #[test]
    fn static_blocks_give_each_worker_one_contiguous_block() {
        let run =
            run_on_pool(&pool(3), &Squares(10), Schedule::StaticBlocks, &RunControl::free(&AtomicBool::new(false)))
                .unwrap();
        let blocks: Vec<(Lane, usize, usize)> =
            run.records.iter().filter(|r| r.kind == Kind::Compute).map(|r| (r.worker, r.first_task, r.task_count)).collect();
        // Besides the chunks, only the coordinator's merge.
        assert!(run.records.iter().all(|r| r.kind == Kind::Compute || r.worker == Lane::MERGE));
        assert_eq!(blocks, vec![(Lane::Worker(0), 0, 3), (Lane::Worker(1), 3, 3), (Lane::Worker(2), 6, 4)]);
    }

    #[test]
    fn a_set_cancel_flag_stops_the_run() {
        let cancel = AtomicBool::new(true);
        let result = run_on_pool(&pool(2), &Squares(50), Schedule::Dynamic { chunk: 1 }, &RunControl::free(&cancel));
        assert_eq!(result.unwrap_err(), Cancelled);
    }

    #[test]
    fn records_lie_inside_the_run() {
        let run = run_on_pool(
            &pool(2),
            &Squares(1000),
            Schedule::Dynamic { chunk: 10 },
            &RunControl::free(&AtomicBool::new(false)),
        )
        .unwrap();
        for r in &run.records {
            assert!(r.start_ms >= 0.0 && r.end_ms >= r.start_ms && r.end_ms <= run.span_ms, "{r:?}");
        }
        // Without waits, each worker's compute total is exactly the sum of its chunks.
        for w in 0..2 {
            let chunks: f64 =
                run.records.iter().filter(|r| r.worker == Lane::Worker(w)).map(|r| r.duration_ms()).sum();
            let total = run.totals.iter().find(|t| t.lane == Lane::Worker(w) && t.kind == Kind::Compute).map_or(0.0, |t| t.ms);
            assert!((chunks - total).abs() < 1e-9, "worker {w}: {chunks} against {total}");
        }
    }
}
