//! The share-nothing form of every experiment, for workers that have no shared
//! memory (the "processes" engine): the coordinator splits the work into tasks,
//! sends each chunk of tasks with whatever data it needs, and merges the
//! partial results that come back. The merge must give exactly what the
//! threaded run gives.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

use super::{fork_join, Output, Request};
use crate::schedule::Experiment;
use crate::work::checksum;

/// What one chunk sends back.
#[derive(Debug, PartialEq)]
pub enum Partial {
    /// Escape counts of the chunk's rows, or the chunk's sorted numbers.
    Numbers(Vec<u32>),
    /// One value per task.
    Values(Vec<u64>),
}

/// A chunk's result and how long its worker must then wait without computing
/// (the waiting requests' I/O, done asynchronously by a worker without threads).
pub struct ChunkResult {
    pub partial: Partial,
    pub wait_ms: u64,
}

impl Request {
    pub fn task_count(&self) -> usize {
        match self {
            Request::Mandelbrot(run) => run.params.task_count(),
            Request::Toasts(params) => params.task_count(),
            Request::Requests(params) => params.task_count(),
            Request::ForkJoin(params) => sort_blocks(params),
        }
    }

    /// What one task is, for the timeline.
    pub fn task_name(&self) -> &'static str {
        match self {
            Request::Mandelbrot(run) => run.params.task_name(),
            Request::Toasts(params) => params.task_name(),
            Request::Requests(params) => params.task_name(),
            Request::ForkJoin(_) => "sort",
        }
    }

    /// Input data that must travel with the chunks (only the sort has any),
    /// and how many of its numbers belong to each task: task t needs
    /// `input[t * per_task .. (t + 1) * per_task]` (cut at the end).
    pub fn input(&self) -> Option<(Vec<u32>, usize)> {
        match self {
            Request::ForkJoin(params) => Some((params.input(), params.cutoff as usize)),
            _ => None,
        }
    }

    /// Runs a chunk of tasks on the calling thread alone. `data` is the chunk's
    /// `chunk_input`.
    pub fn run_chunk(&self, tasks: Range<usize>, data: Vec<u32>) -> ChunkResult {
        let (partial, wait_ms) = match self {
            Request::Mandelbrot(run) => (Partial::Numbers(run.params.run_chunk(tasks)), 0),
            Request::Toasts(params) => (Partial::Values(params.run_chunk(tasks)), 0),
            Request::Requests(params) => {
                let wait_ms = u64::from(params.wait_ms) * tasks.len() as u64;
                (Partial::Values(params.answers(tasks)), wait_ms)
            }
            Request::ForkJoin(_) => {
                let mut block = data;
                block.sort_unstable();
                (Partial::Numbers(block), 0)
            }
        };
        ChunkResult { partial, wait_ms }
    }

    /// Merges partial results given in task order; refuses partials of the wrong kind.
    pub fn merge_partials(&self, partials: Vec<Partial>) -> Result<Output, String> {
        let numbers = || -> Result<Vec<Vec<u32>>, String> {
            partials
                .iter()
                .map(|p| if let Partial::Numbers(n) = p { Ok(n.clone()) } else { Err(wrong_kind()) })
                .collect()
        };
        Ok(match self {
            Request::Mandelbrot(_) => Output::Picture(numbers()?.concat()),
            Request::Toasts(_) | Request::Requests(_) => {
                let values: Vec<Vec<u64>> = partials
                    .iter()
                    .map(|p| if let Partial::Values(v) = p { Ok(v.clone()) } else { Err(wrong_kind()) })
                    .collect::<Result<_, _>>()?;
                Output::Checksum(checksum(values.into_iter().flatten()))
            }
            Request::ForkJoin(_) => {
                Output::Checksum(checksum(merge_sorted_runs(numbers()?).into_iter().map(u64::from)))
            }
        })
    }
}

fn wrong_kind() -> String {
    "A partial result of the wrong kind came back for this experiment.".into()
}

/// The sort's tasks are blocks of `cutoff` numbers, sorted apart and merged by the coordinator.
fn sort_blocks(params: &fork_join::SortParams) -> usize {
    (params.elements as usize).div_ceil(params.cutoff as usize)
}

fn merge_sorted_runs(runs: Vec<Vec<u32>>) -> Vec<u32> {
    let mut merged = Vec::with_capacity(runs.iter().map(Vec::len).sum());
    let mut heads: BinaryHeap<Reverse<(u32, usize, usize)>> =
        runs.iter().enumerate().filter(|(_, run)| !run.is_empty()).map(|(i, run)| Reverse((run[0], i, 0))).collect();
    while let Some(Reverse((value, run, position))) = heads.pop() {
        merged.push(value);
        if let Some(&next) = runs[run].get(position + 1) {
            heads.push(Reverse((next, run, position + 1)));
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requests() -> Vec<Request> {
        [
            r#"{"experiment":"mandelbrot","params":{"width":37,"height":23,"max_iter":150,"schedule":{"kind":"dynamic","chunk":1}}}"#,
            r#"{"experiment":"toasts","params":{"toasts":41,"toast_work":1,"chunk_overhead":1,"toasts_per_chunk":1,"seed":5}}"#,
            r#"{"experiment":"requests","params":{"requests":17,"wait_ms":3,"request_work":1,"seed":5}}"#,
            r#"{"experiment":"fork_join","params":{"elements":10007,"cutoff":256,"seed":5}}"#,
        ]
        .iter()
        .map(|json| serde_json::from_str(json).unwrap())
        .collect()
    }

    /// Runs `request` as a coordinator would: chunks of `chunk` tasks, each
    /// with its own copy of its data, merged in task order.
    fn run_partitioned(request: &Request, chunk: usize) -> (Output, u64) {
        let (input, per_task) = request.input().unwrap_or_default();
        let tasks = request.task_count();
        let mut partials = Vec::new();
        let mut waited = 0;
        for start in (0..tasks).step_by(chunk) {
            let range = start..(start + chunk).min(tasks);
            let data =
                input[(range.start * per_task).min(input.len())..(range.end * per_task).min(input.len())].to_vec();
            let result = request.run_chunk(range, data);
            waited += result.wait_ms;
            partials.push(result.partial);
        }
        (request.merge_partials(partials).unwrap(), waited)
    }

    #[test]
    fn every_partitioning_merges_to_the_sequential_reference() {
        for request in requests() {
            for chunk in [1, 2, 7, 1000] {
                let (output, _) = run_partitioned(&request, chunk);
                assert_eq!(output, request.sequential(), "{request:?} chunk={chunk}");
            }
        }
    }

    #[test]
    fn the_partitioned_and_threaded_runs_agree() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        for request in requests() {
            let threaded = request.run(&pool, &std::sync::atomic::AtomicBool::new(false)).unwrap();
            assert_eq!(run_partitioned(&request, 3).0, threaded.output, "{request:?}");
        }
    }

    #[test]
    fn waiting_requests_report_their_wait_instead_of_blocking() {
        let request = &requests()[2];
        assert_eq!(run_partitioned(request, 4).1, 17 * 3);
    }

    #[test]
    fn partials_of_the_wrong_kind_are_refused() {
        let toasts = &requests()[1];
        assert!(toasts.merge_partials(vec![Partial::Numbers(vec![1])]).unwrap_err().contains("wrong kind"));
    }

    #[test]
    fn sorted_runs_merge_into_one_sorted_sequence() {
        assert_eq!(merge_sorted_runs(vec![vec![1, 4, 9], vec![], vec![2, 3, 10], vec![4]]), vec![1, 2, 3, 4, 4, 9, 10]);
    }
}
