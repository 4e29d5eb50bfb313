//! A global interpreter lock (GIL), as in CPython: a worker may compute only
//! while it holds the one lock of its run. A holder hands the lock over once it
//! has held it for the switch interval and another worker is waiting (CPython's
//! `sys.setswitchinterval`, 5 ms by default), and lets go of it while it waits
//! without computing (I/O, a timer). So threads under a GIL take turns on
//! CPU-bound work and overlap only their waits.
//!
//! Kernels cooperate the way CPython's evaluation loop does: they call
//! `checkpoint()` every few microseconds of work, and wrap blocking waits in
//! `released()`. Both do nothing on a thread that runs without a GIL.

use std::cell::RefCell;
use std::sync::{Arc, Condvar, Mutex};

use crate::clock::now_ms;
use crate::recorder;
use crate::work_record::Kind;

/// What the timeline calls the time a worker spent waiting for the GIL.
pub const GIL_WAIT: &str = "GIL wait";

/// CPython's default switch interval.
pub const DEFAULT_SWITCH_INTERVAL_MS: f64 = 5.0;

/// The switch intervals a GIL may have, in ms.
pub const SWITCH_INTERVAL_MS: std::ops::RangeInclusive<f64> = 0.1..=100.0;

pub struct Gil {
    switch_interval_ms: f64,
    turn: Mutex<Turn>,
    turn_changed: Condvar,
}

/// First come, first served: a worker that lets go and wants the lock back
/// queues behind those already waiting, so a handover really hands over.
struct Turn {
    held: bool,
    next_ticket: u64,
    now_serving: u64,
}

impl Gil {
    pub fn new(switch_interval_ms: f64) -> Arc<Gil> {
        Arc::new(Gil {
            switch_interval_ms,
            turn: Mutex::new(Turn { held: false, next_ticket: 0, now_serving: 0 }),
            turn_changed: Condvar::new(),
        })
    }

    fn acquire(&self) {
        let mut turn = self.turn.lock().expect("no thread panics while holding the GIL's state");
        let ticket = turn.next_ticket;
        turn.next_ticket += 1;
        while turn.held || turn.now_serving != ticket {
            turn = self.turn_changed.wait(turn).expect("no thread panics while holding the GIL's state");
        }
        turn.held = true;
        turn.now_serving += 1;
    }

    fn release(&self) {
        self.turn.lock().expect("no thread panics while holding the GIL's state").held = false;
        self.turn_changed.notify_all();
    }

    fn someone_waits(&self) -> bool {
        let turn = self.turn.lock().expect("no thread panics while holding the GIL's state");
        turn.next_ticket > turn.now_serving
    }
}

/// The GIL as one thread holds it during a run.
struct Holder {
    gil: Arc<Gil>,
    held_since: f64,
    checkpoints: u32,
}

impl Holder {
    /// Waits for the lock, and records the wait in the thread's lane log.
    fn take(&mut self) {
        let asked = now_ms();
        self.gil.acquire();
        self.held_since = now_ms();
        recorder::wait(Kind::GilWait, GIL_WAIT, asked, self.held_since);
    }
}

thread_local! {
    static HOLDER: RefCell<Option<Holder>> = const { RefCell::new(None) };
}

// Reading the clock costs far more than counting, so the interval is checked
// only every so many checkpoints (each is a few microseconds of work).
const CHECKPOINTS_PER_CLOCK_READ: u32 = 16;

/// Runs `body` on this thread holding `gil` whenever it computes. The waits
/// for the lock go to the thread's lane log (`recorder::keeping`), if it has one.
pub fn run_holding<R>(gil: &Arc<Gil>, body: impl FnOnce() -> R) -> R {
    let mut holder = Holder { gil: Arc::clone(gil), held_since: 0.0, checkpoints: 0 };
    holder.take();
    HOLDER.with(|slot| *slot.borrow_mut() = Some(holder));
    let result = body();
    let holder = HOLDER.with(|slot| slot.borrow_mut().take()).expect("the holder stays installed during the body");
    holder.gil.release();
    result
}

/// A point where the holder of a GIL lets another worker have it, if it has
/// held it for the switch interval and someone is waiting.
pub fn checkpoint() {
    HOLDER.with(|slot| {
        if let Some(holder) = slot.borrow_mut().as_mut() {
            holder.checkpoints += 1;
            if holder.checkpoints % CHECKPOINTS_PER_CLOCK_READ != 0
                || now_ms() - holder.held_since < holder.gil.switch_interval_ms
                || !holder.gil.someone_waits()
            {
                return;
            }
            holder.gil.release();
            holder.take();
        }
    });
}

/// Runs `wait` (a wait that uses no CPU) without holding the GIL, as CPython
/// does around blocking I/O and `time.sleep`.
pub fn released<R>(wait: impl FnOnce() -> R) -> R {
    let holding = HOLDER.with(|slot| slot.borrow().as_ref().map(|holder| holder.gil.release()).is_some());
    let result = wait();
    if holding {
        HOLDER.with(|slot| slot.borrow_mut().as_mut().expect("still installed").take());
    }
    result
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use super::*;
    use crate::work_record::{Lane, WorkRecord};

    /// Work with checkpoints between steps, as a kernel does it, that counts how
    /// many threads are inside a step at once. A step has no checkpoint of its
    /// own, so a thread is inside one only while it holds the GIL.
    fn compute(steps: u64, inside: &AtomicUsize, most_inside: &AtomicUsize) -> u64 {
        (0..steps).fold(0, |x, step| {
            checkpoint();
            most_inside.fetch_max(inside.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
            let mixed = (0..2000u64).fold(x ^ step, |y, i| y.rotate_left(7).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ i);
            inside.fetch_sub(1, Ordering::SeqCst);
            mixed
        })
    }

    /// Runs `body` on `k` threads under one GIL; returns each thread's records and the wall time.
    fn on_threads(k: usize, body: impl Fn() + Sync) -> (Vec<Vec<WorkRecord>>, Duration) {
        let gil = Gil::new(0.2);
        let start = now_ms();
        let started = Instant::now();
        let waits = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..k)
                .map(|w| {
                    let (gil, body) = (&gil, &body);
                    scope.spawn(move || recorder::keeping(Lane::Worker(w), start, || run_holding(gil, body)).1.records)
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        (waits, started.elapsed())
    }

    #[test]
    fn only_one_thread_computes_at_a_time_and_the_lock_is_handed_over() {
        let (inside, most_inside) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let (waits, _) = on_threads(3, || {
            std::hint::black_box(compute(20_000, &inside, &most_inside));
        });
        assert_eq!(most_inside.load(Ordering::SeqCst), 1, "two threads computed at once under the GIL");
        let handovers = waits.iter().flatten().filter(|r| r.end_ms > r.start_ms).count();
        assert!(handovers >= 3, "the lock was handed over only {handovers} times");
        assert!(waits.iter().flatten().all(|r| r.kind == Kind::GilWait && r.what == GIL_WAIT && r.end_ms >= r.start_ms));
    }

    #[test]
    fn waits_overlap_because_the_lock_is_released_while_waiting() {
        // Eight threads that each sleep 40 ms: with the lock released they overlap.
        let (_, elapsed) = on_threads(8, || {
            released(|| std::thread::sleep(Duration::from_millis(40)));
        });
        assert!(elapsed < Duration::from_millis(8 * 40 / 2), "waits did not overlap: {elapsed:?}");
    }

    #[test]
    fn without_a_gil_checkpoints_and_released_do_nothing() {
        checkpoint();
        assert_eq!(released(|| 7), 7);
    }
}
