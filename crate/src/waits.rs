//! Waits that a kernel records for the timeline besides its work, such as a
//! worker waiting for a lock. Each worker of a run keeps its own log while
//! `run_on_pool` runs it. A worker may wait millions of times for a lock that
//! is held for nanoseconds, so waits of one kind that follow each other
//! closely are merged into one segment: the timeline stays readable, and the
//! log costs a comparison per wait rather than a record.

use std::cell::RefCell;

use crate::work_record::{Lane, WorkRecord};

/// Waits of the same kind closer than this become one segment. The gap is
/// then drawn as waiting, so a segment is where a worker was mostly waiting;
/// kernels that report a total add up the waits themselves.
pub const MERGE_GAP_MS: f64 = 0.25;

struct Log {
    worker: usize,
    run_start: f64,
    segments: Vec<WorkRecord>,
}

thread_local! {
    static LOG: RefCell<Option<Log>> = const { RefCell::new(None) };
}

/// Runs `body` on this thread as worker `worker` of a run that started at
/// `run_start` (on `clock::now_ms`), keeping the waits it records.
pub fn keeping<R>(worker: usize, run_start: f64, body: impl FnOnce() -> R) -> (R, Vec<WorkRecord>) {
    let previous = LOG.with(|slot| slot.replace(Some(Log { worker, run_start, segments: Vec::new() })));
    let result = body();
    let log = LOG.with(|slot| slot.replace(previous)).expect("the log stays installed during the body");
    (result, log.segments)
}

/// Records that this worker waited (`kind`, e.g. "lock wait") from `asked_ms`
/// to `done_ms`, both on `clock::now_ms`. Does nothing outside `keeping`.
pub fn record(kind: &'static str, asked_ms: f64, done_ms: f64) {
    LOG.with(|slot| {
        let mut slot = slot.borrow_mut();
        let Some(log) = slot.as_mut() else { return };
        let (start_ms, end_ms) = (asked_ms - log.run_start, done_ms - log.run_start);
        match log.segments.last_mut() {
            Some(last) if last.what == kind && start_ms - last.end_ms <= MERGE_GAP_MS => last.end_ms = end_ms,
            _ => log.segments.push(WorkRecord {
                worker: Lane::Worker(log.worker),
                what: kind.into(),
                first_task: 0,
                task_count: 0,
                start_ms,
                end_ms,
            }),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_waits_merge_and_distant_ones_stay_apart() {
        let ((), segments) = keeping(3, 100.0, || {
            record("lock wait", 101.0, 101.1);
            record("lock wait", 101.2, 101.3);
            record("lock wait", 105.0, 105.5);
            record("queue wait", 105.6, 105.7);
        });
        let spans: Vec<_> = segments.iter().map(|r| (r.what.as_ref(), r.start_ms, r.end_ms)).collect();
        let expected = [("lock wait", 1.0, 1.3), ("lock wait", 5.0, 5.5), ("queue wait", 5.6, 5.7)];
        assert_eq!(spans.len(), expected.len());
        for ((what, start, end), (kind, from, to)) in spans.into_iter().zip(expected) {
            assert_eq!(what, kind);
            assert!((start - from).abs() < 1e-9 && (end - to).abs() < 1e-9, "{what} {start}–{end}");
        }
        assert!(segments.iter().all(|r| r.worker == Lane::Worker(3)));
    }

    #[test]
    fn outside_a_run_nothing_is_kept() {
        record("lock wait", 1.0, 2.0);
        let ((), segments) = keeping(0, 0.0, || ());
        assert!(segments.is_empty());
    }
}
