//! Waiting requests: M independent requests, each a little computation and then
//! a wait for an answer (like calling a web API). While a worker waits it uses
//! no CPU, so many more workers than cores still pay off: 100 requests of 50 ms
//! take 5 s on one worker and three waves of 50 ms on 40 workers. This is why
//! Python threads speed up I/O-bound work despite the GIL.

use std::ops::Range;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use rayon::ThreadPool;

use super::{values, Kernel, Output, PartResult, Partial, Plan};
use crate::gil;
use crate::schedule::{run_on_pool, Cancelled, Experiment, RunControl, Schedule};
use crate::recorder;
use crate::work::{checksum, spin};
use crate::work_record::{Kind, Run};

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct RequestParams {
    pub requests: u32,
    pub wait_ms: u32,
    /// Computation per request before its wait, in thousands of `spin` rounds.
    pub request_work: u32,
    pub seed: u32,
}

const REPLY_WAIT: &str = "waiting for the reply";

pub const MAX_REQUESTS: u32 = 10_000;
pub const MAX_WAIT_MS: u32 = 2_000;
pub const MAX_WORK: u32 = 10_000;

impl RequestParams {
    fn answer(&self, index: usize) -> u64 {
        spin(u64::from(self.seed) << 32 | index as u64, self.request_work * 1000)
    }

    /// A real blocking wait of this thread: on wasm, std parks it with
    /// `memory.atomic.wait32` and a timeout (the wasm form of `Atomics.wait`).
    /// Like blocking I/O in CPython, it lets go of the GIL while it waits.
    /// The wait for the reply is timed inside the release, so that taking the
    /// GIL back afterwards counts once, as a wait for the GIL.
    fn wait(&self) {
        gil::released(|| {
            recorder::waiting(Kind::IoWait, REPLY_WAIT, || {
                std::thread::sleep(Duration::from_millis(u64::from(self.wait_ms)))
            })
        });
    }
}

/// Sequential reference: the answers alone, in order (no waiting needed to know them).
pub fn sequential(params: &RequestParams) -> u64 {
    checksum((0..params.requests as usize).map(|i| params.answer(i)))
}

impl Experiment for RequestParams {
    type Partial = Vec<u64>;
    type Output = u64;

    fn task_name(&self) -> &'static str {
        "requests"
    }

    fn task_count(&self) -> usize {
        self.requests as usize
    }

    fn run_chunk(&self, requests: Range<usize>) -> Vec<u64> {
        requests
            .map(|i| {
                let answer = self.answer(i);
                self.wait();
                answer
            })
            .collect()
    }

    fn merge(&self, partials: Vec<Vec<u64>>) -> u64 {
        checksum(partials.into_iter().flatten())
    }
}

/// One request at a time to whichever worker is free.
const SCHEDULE: Schedule = Schedule::Dynamic { chunk: 1 };

impl Kernel for RequestParams {
    fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_REQUESTS).contains(&self.requests) {
            return Err(format!(
                "The number of requests must be between 1 and {MAX_REQUESTS} (got {}).",
                self.requests
            ));
        }
        if self.wait_ms > MAX_WAIT_MS {
            return Err(format!("The wait per request must be at most {MAX_WAIT_MS} ms (got {}).", self.wait_ms));
        }
        if self.request_work > MAX_WORK {
            return Err(format!("Work per request must be at most {MAX_WORK} thousand rounds."));
        }
        Ok(())
    }

    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        Ok(run_on_pool(pool, self, SCHEDULE, control)?.map(Output::checksum_only))
    }

    fn sequential(&self) -> Output {
        Output::checksum_only(sequential(self))
    }

    fn plan(&self, _workers: usize) -> Plan {
        Plan::of(self, SCHEDULE)
    }

    /// The answers without their waits: a worker without threads cannot block,
    /// so it waits asynchronously for `wait_ms` after computing them.
    fn run_part(&self, requests: Range<usize>, _workers: usize, _: Vec<u32>, _broadcast: &[u8]) -> PartResult {
        let wait_ms = u64::from(self.wait_ms) * requests.len() as u64;
        PartResult { partial: Partial::Values(requests.map(|i| self.answer(i)).collect()), wait_ms }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        Ok(Output::checksum_only(checksum(values(partials)?.into_iter().flatten())))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;
    use std::time::Instant;

    use super::*;
    use crate::schedule::{run_on_pool, RunControl, Schedule};

    #[test]
    fn parallel_equals_sequential_for_sizes_k_and_seeds() {
        for k in [1, 2, 4, 16] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
            for (requests, seed) in [(1, 0), (7, 1), (40, 2)] {
                let p = RequestParams { requests, wait_ms: 1, request_work: 1, seed };
                let run =
                    run_on_pool(&pool, &p, Schedule::Dynamic { chunk: 1 }, &RunControl::free(&AtomicBool::new(false)))
                        .unwrap();
                assert_eq!(run.output, sequential(&p), "k={k} requests={requests} seed={seed}");
            }
        }
    }

    #[test]
    fn waiting_workers_overlap_beyond_the_core_count() {
        // 32 requests of 20 ms: 640 ms of waiting on one worker, two waves on 16.
        // The two times are compared with each other, never with a constant.
        let p = RequestParams { requests: 32, wait_ms: 20, request_work: 0, seed: 0 };
        let time_on = |k| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
            let started = Instant::now();
            // Under a dynamic schedule a worker that a loaded machine starts late may find no request
            // left, so only the times are compared (exactly-k pools: schedule.rs's tests).
            run_on_pool(&pool, &p, Schedule::Dynamic { chunk: 1 }, &RunControl::free(&AtomicBool::new(false))).unwrap();
            started.elapsed()
        };
        let (one, sixteen) = (time_on(1), time_on(16));
        assert!(sixteen * 4 < one, "16 waiting workers took {sixteen:?}, one took {one:?}");
    }

    /// Every request takes the GIL back after its reply, so each lane has a
    /// wait for the GIL after each wait for a reply: the two must not overlap,
    /// or the stack would count that time twice and the compute less than nothing.
    #[test]
    fn under_a_gil_the_reply_and_taking_the_gil_back_are_separate_waits() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        let p = RequestParams { requests: 12, wait_ms: 1, request_work: 1, seed: 3 };
        let never = AtomicBool::new(false);
        let control = RunControl { cancel: &never, gil: Some(gil::Gil::new(0.05)) };
        let run = run_on_pool(&pool, &p, SCHEDULE, &control).unwrap();
        let of = |kind| run.records.iter().filter(move |r| r.kind == kind);
        assert_eq!(of(Kind::IoWait).count(), 12);
        for reply in of(Kind::IoWait) {
            assert!(reply.what == REPLY_WAIT);
            for gil_wait in of(Kind::GilWait).filter(|g| g.worker == reply.worker) {
                let inside = gil_wait.start_ms < reply.end_ms && gil_wait.end_ms > reply.start_ms;
                assert!(!inside, "{gil_wait:?} lies inside {reply:?}");
            }
        }
        assert!(run.totals.iter().all(|t| t.ms >= 0.0), "{:?}", run.totals);
    }

    #[test]
    fn bad_parameters_are_refused() {
        let p = RequestParams { requests: 0, wait_ms: 10, request_work: 1, seed: 0 };
        assert!(p.validate().is_err());
        assert!(RequestParams { wait_ms: 5000, requests: 1, ..p }.validate().unwrap_err().contains("ms"));
    }
}
