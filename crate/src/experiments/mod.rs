//! One experiment per file: its kernel, its sequential reference and its tests.
//! `Request` names an experiment with its parameters, so that every engine
//! (wasm threads, native threads for benchmarks) runs them through one door.

use std::sync::atomic::AtomicBool;

use rayon::ThreadPool;
use serde::Deserialize;

use crate::schedule::{run_on_pool, Cancelled, Schedule};
use crate::work::checksum;
use crate::work_record::Run;

pub mod fork_join;
pub mod mandelbrot;
pub mod partitioned;
pub mod requests;
pub mod toasts;

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "experiment", content = "params", rename_all = "snake_case")]
pub enum Request {
    Mandelbrot(mandelbrot::MandelbrotRun),
    Toasts(toasts::ToastParams),
    Requests(requests::RequestParams),
    ForkJoin(fork_join::SortParams),
}

#[derive(Debug, PartialEq)]
pub enum Output {
    /// Escape counts of a Mandelbrot grid, row-major.
    Picture(Vec<u32>),
    /// A checksum of every task's result (see `work::checksum`).
    Checksum(u64),
}

impl Output {
    /// One number that is equal for two runs only if their results are.
    pub fn checksum(&self) -> u64 {
        match self {
            Output::Picture(counts) => checksum(counts.iter().map(|&c| u64::from(c))),
            Output::Checksum(value) => *value,
        }
    }
}

impl Request {
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Request::Mandelbrot(run) => run.params.validate(),
            Request::Toasts(params) => params.validate(),
            Request::Requests(params) => params.validate(),
            Request::ForkJoin(params) => params.validate(),
        }
    }

    /// How the tasks are handed out. The sort forks and joins on threads;
    /// its share-nothing form hands out one block at a time.
    pub fn schedule(&self) -> Schedule {
        match self {
            Request::Mandelbrot(run) => run.schedule,
            Request::Toasts(params) => Schedule::Dynamic { chunk: params.toasts_per_chunk as usize },
            Request::Requests(_) | Request::ForkJoin(_) => Schedule::Dynamic { chunk: 1 },
        }
    }

    /// Runs the experiment on every worker of `pool`. Call `validate` first.
    pub fn run(&self, pool: &ThreadPool, cancel: &AtomicBool) -> Result<Run<Output>, Cancelled> {
        let schedule = self.schedule();
        Ok(match self {
            Request::Mandelbrot(run) => run_on_pool(pool, &run.params, schedule, cancel)?.map(Output::Picture),
            Request::Toasts(params) => run_on_pool(pool, params, schedule, cancel)?.map(Output::Checksum),
            Request::Requests(params) => run_on_pool(pool, params, schedule, cancel)?.map(Output::Checksum),
            Request::ForkJoin(params) => fork_join::run_fork_join(pool, params, cancel)?
                .map(|sorted| Output::Checksum(checksum(sorted.into_iter().map(u64::from)))),
        })
    }

    /// The sequential reference's result, as the same kind of `Output`.
    pub fn sequential(&self) -> Output {
        match self {
            Request::Mandelbrot(run) => Output::Picture(mandelbrot::sequential(&run.params)),
            Request::Toasts(params) => Output::Checksum(toasts::sequential(params)),
            Request::Requests(params) => Output::Checksum(requests::sequential(params)),
            Request::ForkJoin(params) => {
                Output::Checksum(checksum(fork_join::sequential(params).into_iter().map(u64::from)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: &str) -> Request {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn every_request_kind_runs_and_equals_its_sequential_reference() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        for json in [
            r#"{"experiment":"mandelbrot","params":{"width":40,"height":30,"max_iter":100,"schedule":{"kind":"static_interleaved","chunk":2}}}"#,
            r#"{"experiment":"toasts","params":{"toasts":30,"toast_work":1,"chunk_overhead":1,"toasts_per_chunk":4,"seed":7}}"#,
            r#"{"experiment":"requests","params":{"requests":9,"wait_ms":1,"request_work":1,"seed":7}}"#,
            r#"{"experiment":"fork_join","params":{"elements":5000,"cutoff":300,"seed":7}}"#,
        ] {
            let request = request(json);
            request.validate().unwrap();
            let run = request.run(&pool, &AtomicBool::new(false)).unwrap();
            assert_eq!(run.output, request.sequential(), "{json}");
        }
    }

    #[test]
    fn invalid_requests_are_refused_before_running() {
        let bad = request(
            r#"{"experiment":"toasts","params":{"toasts":0,"toast_work":1,"chunk_overhead":1,"toasts_per_chunk":4,"seed":7}}"#,
        );
        assert!(bad.validate().is_err());
        assert!(serde_json::from_str::<Request>(r#"{"experiment":"nope","params":{}}"#).is_err());
    }
}
