//! What a run reports besides its result: which worker ran which piece of
//! work, when, and what kind of time it was. Segments are for drawing the
//! timeline; totals are for adding time up (the speedup stack), and are exact
//! where segments are merged for display (see `recorder`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::clock::now_ms;

/// Where a piece of work ran: one of the pool's k workers, or a thread with a
/// part of its own (the producer that feeds them, the coordinator's merge).
/// JavaScript sees a number or a name, as the processes engine reports its merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum Lane {
    Worker(usize),
    Named(&'static str),
}

impl Lane {
    /// The coordinator's lane where the partial results of a run are merged,
    /// on both engines.
    pub const MERGE: Lane = Lane::Named("merge");
}

/// What kind of time a segment is. The kind is set where the segment is
/// recorded; nothing downstream guesses it from the display label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The experiment's own work.
    Compute,
    /// Waiting for a lock another worker holds.
    LockWait,
    /// Waiting for the GIL.
    GilWait,
    /// Waiting without computing, as a request waits for its reply or a cook for a machine.
    IoWait,
    /// Waiting for an item, or for room, on a bounded queue.
    QueueWait,
    /// Moving data between workers: writing a shuffle's buckets, or a message travelling.
    Message,
    /// The coordinator merging the workers' partial results.
    Merge,
}

/// One segment of one lane's time: a chunk of consecutive tasks, or a wait.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkRecord {
    /// Which worker of the pool (0..k), or which other thread, ran it.
    pub worker: Lane,
    pub kind: Kind,
    /// The display label: what the chunk's tasks are ("rows", "toasts"), a
    /// wait's name ("lock wait"), or, for a task graph, a name from the user's
    /// parameters ("waiting for coffee").
    pub what: Cow<'static, str>,
    pub first_task: usize,
    pub task_count: usize,
    /// Milliseconds since the start of the run, on the clock of `crate::clock`.
    pub start_ms: f64,
    pub end_ms: f64,
}

impl WorkRecord {
    /// A segment of `lane` from `start_ms` to `end_ms` (ms since the run started).
    pub fn span(
        lane: Lane,
        kind: Kind,
        what: impl Into<Cow<'static, str>>,
        tasks: Range<usize>,
        start_ms: f64,
        end_ms: f64,
    ) -> WorkRecord {
        WorkRecord { worker: lane, kind, what: what.into(), first_task: tasks.start, task_count: tasks.len(), start_ms, end_ms }
    }

    pub fn duration_ms(&self) -> f64 {
        self.end_ms - self.start_ms
    }
}

/// Exact milliseconds of one kind on one lane, summed over a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Total {
    pub lane: Lane,
    pub kind: Kind,
    pub ms: f64,
}

/// What one lane recorded in a run: its display segments, and the exact
/// time of each kind (a segment of merged waits also covers the gaps between
/// them, and a chunk's segment also covers the waits inside it; the totals do neither).
#[derive(Debug, Default)]
pub struct LaneLog {
    pub records: Vec<WorkRecord>,
    pub totals: BTreeMap<(Lane, Kind), f64>,
}

impl LaneLog {
    /// A log of segments timed elsewhere that contain no waits of their own,
    /// so that each counts in full (a fork–join's leaves and merges).
    pub fn of_spans(records: Vec<WorkRecord>) -> LaneLog {
        let mut log = LaneLog::default();
        for record in records {
            log.add(record.worker, record.kind, record.duration_ms());
            log.records.push(record);
        }
        log
    }

    pub(crate) fn add(&mut self, lane: Lane, kind: Kind, ms: f64) {
        *self.totals.entry((lane, kind)).or_default() += ms;
    }

    /// The same log with its segments moved `offset_ms` later (a later round on the run's clock).
    pub fn shifted(mut self, offset_ms: f64) -> LaneLog {
        for record in &mut self.records {
            record.start_ms += offset_ms;
            record.end_ms += offset_ms;
        }
        self
    }

    pub fn absorb(&mut self, other: LaneLog) {
        self.records.extend(other.records);
        for ((lane, kind), ms) in other.totals {
            self.add(lane, kind, ms);
        }
    }
}

/// The result of a kernel run together with the evidence of how it ran.
#[derive(Debug)]
pub struct Run<T> {
    pub output: T,
    pub records: Vec<WorkRecord>,
    /// Exact time per lane and kind (see `LaneLog`).
    pub totals: Vec<Total>,
    /// Size of the pool the run was given.
    pub workers: usize,
    /// From the run's start to the end of its merge, in ms.
    pub span_ms: f64,
}

impl<T> Run<T> {
    /// A run that started at `run_start` (on `clock::now_ms`) and ends now,
    /// with what its lanes recorded.
    pub fn finished(output: T, workers: usize, run_start: f64, log: LaneLog) -> Run<T> {
        let totals = log.totals.into_iter().map(|((lane, kind), ms)| Total { lane, kind, ms }).collect();
        Run { output, records: log.records, totals, workers, span_ms: now_ms() - run_start }
    }

    /// The same run with its output transformed (evidence untouched).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Run<U> {
        Run { output: f(self.output), records: self.records, totals: self.totals, workers: self.workers, span_ms: self.span_ms }
    }

    /// Workers of the pool that executed at least one chunk.
    pub fn distinct_workers(&self) -> usize {
        let mut seen: Vec<usize> =
            self.records.iter().filter_map(|r| if let Lane::Worker(w) = r.worker { Some(w) } else { None }).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    /// The exact time of `kind` on every lane together.
    pub fn total_ms(&self, kind: Kind) -> f64 {
        self.totals.iter().filter(|t| t.kind == kind).map(|t| t.ms).sum()
    }
}
