//! The one way a lane writes its segments during a run. Each lane of a run
//! (a worker, a producer, the merge) keeps one log on its own thread while
//! `keeping` runs its part; kernels add to it from wherever they are with
//! `span` (a piece of work, or a wait timed around a call) and `wait` (a wait
//! timed by the kernel itself, such as a lock's).
//!
//! A worker may wait millions of times for a lock that is held for
//! nanoseconds, so for display, waits of one kind that follow each other
//! closely are merged into one segment: the timeline stays readable, and the
//! log costs a comparison per wait rather than a record. The log's totals are
//! kept exactly beside the segments: each wait counts its own length, and a
//! span counts its length less the waits recorded inside it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

use crate::clock::now_ms;
use crate::work_record::{Kind, Lane, LaneLog, WorkRecord};

/// Waits of the same kind closer than this become one display segment.
pub const MERGE_GAP_MS: f64 = 0.25;

struct Log {
    lane: Lane,
    run_start: f64,
    /// Every wait recorded so far, exactly: a span subtracts what was added while it ran.
    waited_ms: f64,
    log: LaneLog,
}

thread_local! {
    static LOG: RefCell<Option<Log>> = const { RefCell::new(None) };
}

/// Runs `body` on this thread as `lane` of a run that started at `run_start`
/// (on `clock::now_ms`), keeping what it records.
pub fn keeping<R>(lane: Lane, run_start: f64, body: impl FnOnce() -> R) -> (R, LaneLog) {
    let fresh = Log { lane, run_start, waited_ms: 0.0, log: LaneLog::default() };
    let previous = LOG.with(|slot| slot.replace(Some(fresh)));
    let result = body();
    let log = LOG.with(|slot| slot.replace(previous)).expect("the log stays installed during the body");
    (result, log.log)
}

/// Runs `body` and records it as a segment of `kind` covering `tasks`. Its
/// total leaves out the waits recorded while it ran (they count as waits).
/// Outside `keeping` it only runs `body`.
pub fn span<R>(kind: Kind, what: impl Into<Cow<'static, str>>, tasks: Range<usize>, body: impl FnOnce() -> R) -> R {
    let (start, waited_before) = (now_ms(), waited_ms());
    let result = body();
    let end = now_ms();
    LOG.with(|slot| {
        let mut slot = slot.borrow_mut();
        let Some(log) = slot.as_mut() else { return };
        let inside = log.waited_ms - waited_before;
        let lane = log.lane;
        log.log.add(lane, kind, (end - start) - inside);
        log.log.records.push(WorkRecord::span(lane, kind, what, tasks, start - log.run_start, end - log.run_start));
    });
    result
}

/// Records that this lane waited (`kind`, shown as `what`) from `asked_ms` to
/// `done_ms`, both on `clock::now_ms`. Does nothing outside `keeping`.
pub fn wait(kind: Kind, what: &'static str, asked_ms: f64, done_ms: f64) {
    LOG.with(|slot| {
        let mut slot = slot.borrow_mut();
        let Some(log) = slot.as_mut() else { return };
        let length = done_ms - asked_ms;
        log.waited_ms += length;
        let lane = log.lane;
        log.log.add(lane, kind, length);
        let (start_ms, end_ms) = (asked_ms - log.run_start, done_ms - log.run_start);
        match log.log.records.last_mut() {
            Some(last) if last.kind == kind && last.what == what && start_ms - last.end_ms <= MERGE_GAP_MS => {
                last.end_ms = end_ms
            }
            _ => log.log.records.push(WorkRecord::span(lane, kind, what, 0..0, start_ms, end_ms)),
        }
    });
}

/// Records a segment of another lane than this thread's, timed by this thread:
/// a resource that works by itself while a worker drives it (a breakfast's
/// machines). Such lanes are not workers, and the speedup stack leaves them out.
/// Does nothing outside `keeping`.
pub fn elsewhere(lane: Lane, kind: Kind, what: impl Into<Cow<'static, str>>, start_ms: f64, end_ms: f64) {
    LOG.with(|slot| {
        let mut slot = slot.borrow_mut();
        let Some(log) = slot.as_mut() else { return };
        log.log.add(lane, kind, end_ms - start_ms);
        log.log.records.push(WorkRecord::span(lane, kind, what, 0..0, start_ms - log.run_start, end_ms - log.run_start));
    });
}

/// Runs `body`, a wait that uses no CPU, and records it as a wait of `kind`.
pub fn waiting<R>(kind: Kind, what: &'static str, body: impl FnOnce() -> R) -> R {
    let asked = now_ms();
    let result = body();
    wait(kind, what, asked, now_ms());
    result
}

fn waited_ms() -> f64 {
    LOG.with(|slot| slot.borrow().as_ref().map_or(0.0, |log| log.waited_ms))
}

/// Times the coordinator's merge of `task_count` tasks' partial results as
/// the merge lane of a run that started at `run_start`.
pub fn merge<R>(task_count: usize, run_start: f64, body: impl FnOnce() -> R) -> (R, LaneLog) {
    keeping(Lane::MERGE, run_start, || span(Kind::Merge, "merge", 0..task_count, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn close_waits_merge_for_display_and_their_totals_stay_exact() {
        let ((), log) = keeping(Lane::Worker(3), 100.0, || {
            wait(Kind::LockWait, "lock wait", 101.0, 101.1);
            wait(Kind::LockWait, "lock wait", 101.2, 101.3);
            wait(Kind::LockWait, "lock wait", 105.0, 105.5);
            wait(Kind::QueueWait, "queue empty", 105.6, 105.7);
        });
        let spans: Vec<_> = log.records.iter().map(|r| (r.kind, r.start_ms, r.end_ms)).collect();
        let expected = [(Kind::LockWait, 1.0, 1.3), (Kind::LockWait, 5.0, 5.5), (Kind::QueueWait, 5.6, 5.7)];
        assert_eq!(spans.len(), expected.len());
        for ((kind, start, end), (want, from, to)) in spans.into_iter().zip(expected) {
            assert_eq!(kind, want);
            assert!(close(start, from) && close(end, to), "{kind:?} {start}–{end}");
        }
        assert!(log.records.iter().all(|r| r.worker == Lane::Worker(3)));
        // The display covers 0.8 ms of lock waits; the waits were 0.7 ms.
        assert!(close(log.totals[&(Lane::Worker(3), Kind::LockWait)], 0.7));
        assert!(close(log.totals[&(Lane::Worker(3), Kind::QueueWait)], 0.1));
    }

    #[test]
    fn a_span_counts_its_length_less_the_waits_inside_it() {
        let ((), log) = keeping(Lane::Worker(0), 0.0, || {
            span(Kind::Compute, "rows", 0..4, || {
                let asked = now_ms();
                std::thread::sleep(std::time::Duration::from_millis(5));
                wait(Kind::LockWait, "lock wait", asked, now_ms());
            });
        });
        let bar = log.records.iter().find(|r| r.kind == Kind::Compute).unwrap();
        let lock = log.totals[&(Lane::Worker(0), Kind::LockWait)];
        let compute = log.totals[&(Lane::Worker(0), Kind::Compute)];
        assert!(lock >= 5.0, "{lock}");
        assert!(close(compute + lock, bar.duration_ms()), "{compute} + {lock} against {}", bar.duration_ms());
        assert_eq!((bar.first_task, bar.task_count), (0, 4));
    }

    #[test]
    fn outside_a_run_nothing_is_kept() {
        wait(Kind::LockWait, "lock wait", 1.0, 2.0);
        assert_eq!(span(Kind::Compute, "rows", 0..1, || 7), 7);
        let ((), log) = keeping(Lane::Worker(0), 0.0, || ());
        assert!(log.records.is_empty() && log.totals.is_empty());
    }
}
