//! What a run reports besides its result: which worker ran which piece of work, and when.

use std::borrow::Cow;

use serde::Serialize;

/// Where a piece of work ran: one of the pool's k workers, or a thread with a
/// part of its own (the producer that feeds them, a coordinator). JavaScript
/// sees a number or a name, as the processes engine reports its coordinator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum Lane {
    Worker(usize),
    Named(&'static str),
}

impl Lane {
    /// The coordinator's lane where the partial results of a run are merged.
    pub const MERGE: Lane = Lane::Named("merge");
}

/// One chunk of consecutive tasks executed by one worker.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkRecord {
    /// Which worker of the pool (0..k), or which other thread, ran it.
    pub worker: Lane,
    /// What the chunk's tasks are ("rows", "toasts", "sort", "merge"), or,
    /// for a task graph, a name from the user's parameters ("waiting for coffee").
    pub what: Cow<'static, str>,
    pub first_task: usize,
    pub task_count: usize,
    /// Milliseconds since the start of the run, on the clock of `crate::clock`.
    pub start_ms: f64,
    pub end_ms: f64,
}

impl WorkRecord {
    /// The coordinator merging what `task_count` tasks gave, from `start_ms` to `end_ms`.
    pub fn merge(task_count: usize, start_ms: f64, end_ms: f64) -> WorkRecord {
        WorkRecord { worker: Lane::MERGE, what: "merge".into(), first_task: 0, task_count, start_ms, end_ms }
    }
}

/// The result of a kernel run together with the evidence of how it ran.
#[derive(Debug)]
pub struct Run<T> {
    pub output: T,
    pub records: Vec<WorkRecord>,
    /// Size of the pool the run was given.
    pub workers: usize,
}

impl<T> Run<T> {
    /// The same run with its output transformed (records untouched).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Run<U> {
        Run { output: f(self.output), records: self.records, workers: self.workers }
    }

    /// Workers of the pool that executed at least one chunk.
    pub fn distinct_workers(&self) -> usize {
        let mut seen: Vec<usize> =
            self.records.iter().filter_map(|r| if let Lane::Worker(w) = r.worker { Some(w) } else { None }).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }
}
