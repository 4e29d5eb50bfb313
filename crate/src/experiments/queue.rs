//! Producer and consumers: one producer makes N jobs and puts them on a
//! bounded queue; k consumers take jobs until each takes a stop signal (a
//! "poison pill"). Different threads do different things, and the queue
//! decouples them: task parallelism. The slower side sets the pace. When making
//! a job costs more than k consumers need to do it, the consumers wait for work
//! however many there are and the queue stays empty; when the producer is
//! faster, the queue fills up to its capacity and the producer waits for room.

use std::hint::black_box;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::ThreadPool;
use serde::{Deserialize, Serialize};

use super::{values, Kernel, Output, PartResult, Partial, Plan};
use crate::channel::BoundedChannel;
use crate::clock::now_ms;
use crate::gil;
use crate::schedule::{Cancelled, RunControl, Schedule};
use crate::work::{checksum, spin};
use crate::recorder;
use crate::work_record::{Kind, Lane, LaneLog, Run, WorkRecord};

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct QueueParams {
    pub jobs: u32,
    /// How many jobs the queue holds at most.
    pub capacity: u32,
    /// Cost of doing one job, in thousands of `spin` rounds.
    pub job_work: u32,
    /// Cost of making one job, in thousands of `spin` rounds.
    pub producer_work: u32,
    pub seed: u32,
}

pub const MAX_JOBS: u32 = 100_000;
pub const MAX_CAPACITY: u32 = 10_000;
pub const MAX_WORK: u32 = 100_000;

/// What the timeline calls a consumer's wait for a job, and the producer's wait for room.
pub const WAIT_FOR_JOB: &str = "queue empty";
pub const WAIT_FOR_ROOM: &str = "queue full";
const PRODUCER: Lane = Lane::Named("producer");

// Waits shorter than this are the queue's own locking, not a lack of jobs or
// room: they are not recorded as queue waits (the speedup stack counts them as idle).
const SHORTEST_WAIT_SHOWN_MS: f64 = 0.05;
// The queue's length is sampled at every put and take; the page gets at most this many samples.
const LENGTH_SAMPLES_SHOWN: usize = 400;

impl QueueParams {
    fn job(&self, index: u32) -> u64 {
        spin(u64::from(self.seed) << 32 | u64::from(index), self.job_work * 1000)
    }

    fn make_job(&self, index: u32) {
        black_box(spin(u64::from(index) ^ 0xA5A5, self.producer_work * 1000));
    }
}

/// Sequential reference: every job done in order, with nothing to make them.
pub fn sequential(params: &QueueParams) -> u64 {
    checksum((0..params.jobs).map(|j| params.job(j)))
}

enum Message {
    Job(u32),
    Stop,
}

impl QueueParams {
    fn queue_wait(what: &'static str, (asked, got): (f64, f64)) {
        if got - asked >= SHORTEST_WAIT_SHOWN_MS {
            recorder::wait(Kind::QueueWait, what, asked, got);
        }
    }

    /// Takes jobs until a stop signal; returns the jobs' values (records go to the lane's log).
    fn consume(&self, queue: &BoundedChannel<Message>) -> Vec<(u32, u64)> {
        let mut values = Vec::new();
        loop {
            // Like queue.get() in CPython, waiting for a job lets go of the GIL.
            let (message, asked, got) = gil::released(|| queue.take());
            Self::queue_wait(WAIT_FOR_JOB, (asked, got));
            let Message::Job(job) = message else { return values };
            let value = recorder::span(Kind::Compute, "jobs", job as usize..job as usize + 1, || self.job(job));
            values.push((job, value));
        }
    }

    /// Makes the jobs and then one stop signal per consumer; stops early when cancelled.
    fn produce(&self, queue: &BoundedChannel<Message>, consumers: usize, cancel: &AtomicBool) {
        for job in 0..self.jobs {
            if cancel.load(Ordering::Relaxed) {
                break;
            }
            recorder::span(Kind::Compute, "making jobs", job as usize..job as usize + 1, || self.make_job(job));
            let waited = gil::released(|| queue.put(Message::Job(job)));
            Self::queue_wait(WAIT_FOR_ROOM, waited);
        }
        for _ in 0..consumers {
            gil::released(|| queue.put(Message::Stop));
        }
    }
}

/// What the page shows of a run: how busy each side was while the producer
/// worked, and how long the queue got. Shares are of the production time, not
/// of the whole run, so that the consumers' last wait (for the stop signal)
/// and a late wake-up at the end do not count as waiting for work.
fn details(
    params: &QueueParams,
    records: &[WorkRecord],
    lengths: &[(f64, usize)],
    consumers: usize,
) -> serde_json::Value {
    let production_end =
        records.iter().filter(|r| r.worker == PRODUCER).map(|r| r.end_ms).fold(0.0, f64::max).max(f64::EPSILON);
    let total = |lane: fn(&Lane) -> bool, what: &str| -> f64 {
        records
            .iter()
            .filter(|r| lane(&r.worker) && r.what == what)
            .map(|r| r.end_ms.min(production_end) - r.start_ms.min(production_end))
            .sum()
    };
    let producing = total(|lane| *lane == PRODUCER, "making jobs");
    let consumers_waiting = total(|lane| matches!(lane, Lane::Worker(_)), WAIT_FOR_JOB);
    let producer_waiting = total(|lane| *lane == PRODUCER, WAIT_FOR_ROOM);
    let span = production_end;
    let step = lengths.len().div_ceil(LENGTH_SAMPLES_SHOWN).max(1);
    // The longest length of each stretch of samples, so that no peak is lost.
    let shown: Vec<(f64, usize)> = lengths
        .chunks(step)
        .map(|stretch| (stretch[0].0, stretch.iter().map(|&(_, length)| length).max().unwrap_or(0)))
        .collect();
    serde_json::json!({
        "jobs": params.jobs,
        "capacity": params.capacity,
        "consumers": consumers,
        "producerBusy": producing / span,
        "producerWaitingForRoom": producer_waiting / span,
        "consumersWaitingForJobs": consumers_waiting / (span * consumers as f64),
        "longestQueue": lengths.iter().map(|&(_, length)| length).max().unwrap_or(0),
        "queueLength": shown,
    })
}

impl Kernel for QueueParams {
    fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_JOBS).contains(&self.jobs) {
            return Err(format!("The number of jobs must be between 1 and {MAX_JOBS} (got {}).", self.jobs));
        }
        if !(1..=MAX_CAPACITY).contains(&self.capacity) {
            return Err(format!("The queue must hold between 1 and {MAX_CAPACITY} jobs (got {}).", self.capacity));
        }
        if self.job_work > MAX_WORK || self.producer_work > MAX_WORK {
            return Err(format!("Work per job and per job made must be at most {MAX_WORK} thousand rounds."));
        }
        Ok(())
    }

    /// The pool's k workers consume; the calling thread, which is not one of
    /// them, produces, so that k counts consumers only.
    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        let consumers = pool.current_num_threads();
        let run_start = now_ms();
        let queue = BoundedChannel::new(self.capacity as usize, run_start);
        let consumed = Mutex::new(Vec::new());
        let mut log = LaneLog::default();
        pool.in_place_scope(|scope| {
            scope.spawn_broadcast(|_, context| {
                let consume = || self.consume(&queue);
                let done = recorder::keeping(Lane::Worker(context.index()), run_start, || match &control.gil {
                    Some(held) => gil::run_holding(held, consume),
                    None => consume(),
                });
                consumed.lock().expect("no consumer panics holding the results").push(done);
            });
            let produce = || self.produce(&queue, consumers, control.cancel);
            let ((), made) = recorder::keeping(PRODUCER, run_start, || match &control.gil {
                Some(held) => gil::run_holding(held, produce),
                None => produce(),
            });
            log.absorb(made);
        });
        let mut values: Vec<(u32, u64)> = Vec::with_capacity(self.jobs as usize);
        for (done, consumer_log) in consumed.into_inner().expect("no consumer panicked") {
            values.extend(done);
            log.absorb(consumer_log);
        }
        if values.len() != self.jobs as usize {
            return Err(Cancelled);
        }
        values.sort_unstable_by_key(|&(job, _)| job);
        let lengths = queue.into_lengths();
        let output = Output {
            checksum: checksum(values.into_iter().map(|(_, value)| value)),
            details: details(self, &log.records, &lengths, consumers),
            arrays: Vec::new(),
        };
        Ok(Run::finished(output, consumers, run_start, log))
    }

    fn sequential(&self) -> Output {
        Output::checksum_only(sequential(self))
    }

    /// Without shared memory the queue is the coordinator's: it hands one job
    /// at a time, by message, to whichever process is free.
    fn plan(&self, _workers: usize) -> Plan {
        Plan {
            task_count: self.jobs as usize,
            task_name: "jobs",
            schedule: Schedule::Dynamic { chunk: 1 },
            input: None,
            dependencies: None,
            broadcast: None,
            shuffle: None,
        }
    }

    fn run_part(&self, jobs: Range<usize>, _workers: usize, _: Vec<u32>, _broadcast: &[u8]) -> PartResult {
        PartResult { partial: Partial::Values(jobs.map(|j| self.job(j as u32)).collect()), wait_ms: 0 }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        Ok(Output::checksum_only(checksum(values(partials)?.into_iter().flatten())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(jobs: u32, capacity: u32, producer_work: u32) -> QueueParams {
        QueueParams { jobs, capacity, job_work: 2, producer_work, seed: 4 }
    }

    fn run(p: &QueueParams, k: usize, gil: bool) -> Run<Output> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
        let never = AtomicBool::new(false);
        let control = RunControl { cancel: &never, gil: gil.then(|| crate::gil::Gil::new(0.5)) };
        p.run_threads(&pool, &control).unwrap()
    }

    #[test]
    fn every_job_is_done_once_whatever_k_capacity_and_gil() {
        for k in [1, 2, 5] {
            for (jobs, capacity) in [(1, 1), (17, 1), (100, 3), (64, 1000)] {
                for gil in [false, true] {
                    let p = params(jobs, capacity, 1);
                    let out = run(&p, k, gil).output;
                    assert_eq!(out.checksum, sequential(&p), "k={k} jobs={jobs} capacity={capacity} gil={gil}");
                    assert!(out.details["longestQueue"].as_u64().unwrap() <= u64::from(capacity));
                }
            }
        }
    }

    #[test]
    fn each_consumer_records_its_jobs_and_the_producer_its_own_lane() {
        let run = run(&params(40, 2, 1), 3, false);
        let jobs: usize = run.records.iter().filter(|r| r.what == "jobs").map(|r| r.task_count).sum();
        assert_eq!(jobs, 40);
        assert_eq!(run.records.iter().filter(|r| r.worker == PRODUCER && r.what == "making jobs").count(), 40);
        assert!(run.records.iter().all(|r| r.end_ms >= r.start_ms));
    }

    #[test]
    fn a_slow_producer_leaves_the_consumers_waiting_and_a_fast_one_waits_for_room() {
        // Making a job costs 20 times doing one, then the other way round. The
        // shares are compared between the two runs, never with a constant: a
        // busy machine stretches both. Each run lasts tens of milliseconds, so
        // that one preemption of a thread by a busy machine cannot turn the order.
        let share = |run: &Run<Output>, name: &str| run.output.details[name].as_f64().unwrap();
        let slow = run(&QueueParams { jobs: 30, capacity: 4, job_work: 10, producer_work: 200, seed: 1 }, 2, false);
        let fast = run(&QueueParams { jobs: 30, capacity: 4, job_work: 200, producer_work: 10, seed: 1 }, 2, false);
        assert!(
            share(&slow, "consumersWaitingForJobs") > share(&fast, "consumersWaitingForJobs"),
            "{} {}",
            slow.output.details,
            fast.output.details
        );
        assert!(
            share(&fast, "producerWaitingForRoom") > share(&slow, "producerWaitingForRoom"),
            "{} {}",
            slow.output.details,
            fast.output.details
        );
        assert_eq!(fast.output.details["longestQueue"].as_u64().unwrap(), 4, "{}", fast.output.details);
    }

    #[test]
    fn a_cancelled_run_stops_the_producer_and_the_consumers() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let cancelled = AtomicBool::new(true);
        let result = params(50, 2, 1).run_threads(&pool, &RunControl::free(&cancelled));
        assert_eq!(result.unwrap_err(), Cancelled);
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(params(0, 1, 1).validate().is_err());
        assert!(params(10, 0, 1).validate().unwrap_err().contains("queue must hold"));
        assert!(params(10, 1, MAX_WORK + 1).validate().is_err());
        assert!(params(10, 1, 1).validate().is_ok());
    }
}
