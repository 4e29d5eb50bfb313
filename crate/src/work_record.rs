//! What a run reports besides its result: which worker ran which piece of work, and when.

use serde::Serialize;

/// One chunk of consecutive tasks executed by one worker.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct WorkRecord {
    /// Index of the worker (0..k) inside the pool that ran the run.
    pub worker: usize,
    /// What the chunk's tasks are ("rows", "toasts", "sort", "merge").
    pub what: &'static str,
    pub first_task: usize,
    pub task_count: usize,
    /// Milliseconds since the start of the run, on the clock of `crate::clock`.
    pub start_ms: f64,
    pub end_ms: f64,
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

    /// Workers that executed at least one chunk.
    pub fn distinct_workers(&self) -> usize {
        let mut seen: Vec<usize> = self.records.iter().map(|r| r.worker).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }
}
