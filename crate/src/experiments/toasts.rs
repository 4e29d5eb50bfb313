//! Toasts: N identical tasks of a fixed cost, the embarrassingly parallel case
//! (100 toasts on 4 toasters take a quarter of the time). Tasks are handed out
//! in chunks, and every chunk pays a fixed overhead (fetching the bread):
//! small chunks pay it often, which is what task grain is about.

use std::hint::black_box;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use rayon::ThreadPool;

use super::{values, Kernel, Output, PartResult, Partial, Plan};
use crate::schedule::{run_on_pool, Cancelled, Experiment, RunControl, Schedule};
use crate::work::{checksum, spin};
use crate::work_record::Run;

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct ToastParams {
    pub toasts: u32,
    /// Cost of one toast, in thousands of `spin` rounds.
    pub toast_work: u32,
    /// Fixed cost paid once per chunk, in thousands of `spin` rounds.
    pub chunk_overhead: u32,
    pub toasts_per_chunk: u32,
    pub seed: u32,
}

pub const MAX_TOASTS: u32 = 100_000;
pub const MAX_WORK: u32 = 100_000;

impl ToastParams {
    /// Toasts go out `toasts_per_chunk` at a time, to whichever worker is free.
    fn schedule(&self) -> Schedule {
        Schedule::Dynamic { chunk: self.toasts_per_chunk as usize }
    }

    fn toast(&self, index: usize) -> u64 {
        spin(u64::from(self.seed) << 32 | index as u64, self.toast_work * 1000)
    }
}

/// Sequential reference: every toast in order, no chunks and no overhead.
pub fn sequential(params: &ToastParams) -> u64 {
    checksum((0..params.toasts as usize).map(|i| params.toast(i)))
}

impl Experiment for ToastParams {
    type Partial = Vec<u64>;
    type Output = u64;

    fn task_name(&self) -> &'static str {
        "toasts"
    }

    fn task_count(&self) -> usize {
        self.toasts as usize
    }

    fn run_chunk(&self, toasts: Range<usize>) -> Vec<u64> {
        black_box(spin(toasts.start as u64, self.chunk_overhead * 1000));
        toasts.map(|i| self.toast(i)).collect()
    }

    fn merge(&self, partials: Vec<Vec<u64>>) -> u64 {
        checksum(partials.into_iter().flatten())
    }
}

impl Kernel for ToastParams {
    fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_TOASTS).contains(&self.toasts) {
            return Err(format!("The number of toasts must be between 1 and {MAX_TOASTS} (got {}).", self.toasts));
        }
        if self.toast_work > MAX_WORK || self.chunk_overhead > MAX_WORK {
            return Err(format!("Work per toast and overhead per chunk must be at most {MAX_WORK} thousand rounds."));
        }
        if self.toasts_per_chunk == 0 {
            return Err("Toasts per chunk must be at least 1.".into());
        }
        Ok(())
    }

    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        Ok(run_on_pool(pool, self, self.schedule(), control)?.map(Output::checksum_only))
    }

    fn sequential(&self) -> Output {
        Output::checksum_only(sequential(self))
    }

    fn plan(&self, _workers: usize) -> Plan {
        Plan::of(self, self.schedule())
    }

    fn run_part(&self, toasts: Range<usize>, _workers: usize, _: Vec<u32>, _broadcast: &[u8]) -> PartResult {
        PartResult { partial: Partial::Values(self.run_chunk(toasts)), wait_ms: 0 }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        Ok(Output::checksum_only(checksum(values(partials)?.into_iter().flatten())))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::schedule::{run_on_pool, RunControl, Schedule};

    fn params(toasts: u32, toasts_per_chunk: u32, seed: u32) -> ToastParams {
        ToastParams { toasts, toast_work: 2, chunk_overhead: 1, toasts_per_chunk, seed }
    }

    #[test]
    fn parallel_equals_sequential_for_sizes_k_grains_and_seeds() {
        for k in [1, 2, 3, 5] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
            for (toasts, chunk, seed) in [(1, 1, 0), (10, 3, 1), (100, 1, 2), (257, 16, 3)] {
                let p = params(toasts, chunk, seed);
                let run = run_on_pool(
                    &pool,
                    &p,
                    Schedule::Dynamic { chunk: chunk as usize },
                    &RunControl::free(&AtomicBool::new(false)),
                )
                .unwrap();
                assert_eq!(run.output, sequential(&p), "k={k} toasts={toasts} chunk={chunk} seed={seed}");
            }
        }
    }

    #[test]
    fn the_seed_changes_the_result() {
        assert_ne!(sequential(&params(10, 1, 1)), sequential(&params(10, 1, 2)));
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(params(0, 1, 0).validate().is_err());
        assert!(params(10, 0, 0).validate().unwrap_err().contains("per chunk"));
        assert!(params(10, 1, 0).validate().is_ok());
    }
}
