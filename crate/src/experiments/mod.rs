//! One experiment per file: its parameters, its kernel over a k-worker pool,
//! its sequential reference, its share-nothing form and its tests. Every
//! experiment implements `Kernel`; `Request` names one with its parameters, and
//! its `kernel()` is the only list of experiments on the Rust side.

use std::ops::Range;

use rayon::ThreadPool;
use serde::Deserialize;

use crate::schedule::{Cancelled, Experiment, RunControl, Schedule};
use crate::work_record::Run;

pub mod breakfast;
pub mod counter;
pub mod fork_join;
pub mod image_batch;
pub mod mandelbrot;
pub mod pipeline;
pub mod queue;
pub mod requests;
pub mod toasts;

/// What every experiment offers to the engines.
///
/// The share-nothing form (`plan`, `run_part`, `merge_parts`) serves workers
/// that have no shared memory (the "processes" engine): the coordinator splits
/// the work into tasks, sends each chunk of tasks with whatever data it needs,
/// and merges the partial results that come back. Its merge must give exactly
/// what `run_threads` gives.
pub trait Kernel: Sync {
    /// A message for a student when the parameters are out of range.
    fn validate(&self) -> Result<(), String>;
    /// Runs on every worker of `pool`, checking the cancel flag between pieces
    /// of work and holding the GIL, if `control` has one, while computing.
    /// Call `validate` first.
    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled>;
    /// Whether the kernel can run under a GIL. Kernels whose workers wait for
    /// each other inside the pool (rayon::join) cannot: a worker that waits
    /// while holding the lock would stop every other one.
    fn supports_gil(&self) -> bool {
        true
    }
    /// The sequential reference's result.
    fn sequential(&self) -> Output;
    fn plan(&self) -> Plan;
    /// Runs a chunk of tasks on the calling thread alone; `data` is the
    /// chunk's part of `Plan::input`.
    fn run_part(&self, tasks: Range<usize>, data: Vec<u32>) -> PartResult;
    /// Merges partial results given in task order; refuses partials of the wrong kind.
    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String>;
}

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "experiment", content = "params", rename_all = "snake_case")]
pub enum Request {
    Mandelbrot(mandelbrot::MandelbrotRun),
    Toasts(toasts::ToastParams),
    Requests(requests::RequestParams),
    ForkJoin(fork_join::SortParams),
    Queue(queue::QueueParams),
    ImageBatch(image_batch::ImageBatchParams),
    Counter(counter::CounterParams),
    Breakfast(breakfast::BreakfastParams),
    Pipeline(pipeline::PipelineParams),
}

impl Request {
    pub fn kernel(&self) -> &dyn Kernel {
        match self {
            Request::Mandelbrot(run) => run,
            Request::Toasts(params) => params,
            Request::Requests(params) => params,
            Request::ForkJoin(params) => params,
            Request::Queue(params) => params,
            Request::ImageBatch(params) => params,
            Request::Counter(params) => params,
            Request::Breakfast(params) => params,
            Request::Pipeline(params) => params,
        }
    }
}

/// A run's result as the page receives it, the same shape for every experiment.
#[derive(Debug, PartialEq)]
pub struct Output {
    /// One number that is equal for two runs only if their results are (see `work::checksum`).
    pub checksum: u64,
    /// Small facts about the result that the page shows beside the checksum
    /// (lost updates, top groups), as JSON; `Null` when there are none.
    pub details: serde_json::Value,
    /// Large results that the page draws (a picture's escape counts), by name;
    /// they travel as typed arrays.
    pub arrays: Vec<(&'static str, Vec<u32>)>,
}

impl Output {
    /// A result that is all in its checksum.
    pub fn checksum_only(checksum: u64) -> Output {
        Output { checksum, details: serde_json::Value::Null, arrays: Vec::new() }
    }
}

/// How the share-nothing form splits the work.
pub struct Plan {
    pub task_count: usize,
    /// What one task is, for the timeline ("rows", "toasts").
    pub task_name: &'static str,
    pub schedule: Schedule,
    /// Data that must travel with the tasks, and how many of its numbers belong
    /// to each: task t needs `input[t * per_task .. (t + 1) * per_task]` (cut at the end).
    pub input: Option<(Vec<u32>, usize)>,
    /// For a task graph: the tasks each task must wait for (`dependencies[t]`),
    /// so that the coordinator sends a task only once they are done (one task
    /// per chunk). None when the tasks are independent.
    pub dependencies: Option<Vec<Vec<usize>>>,
}

impl Plan {
    /// The plan of an experiment whose tasks need no data beyond its parameters.
    pub fn of(experiment: &impl Experiment, schedule: Schedule) -> Plan {
        Plan {
            task_count: experiment.task_count(),
            task_name: experiment.task_name(),
            schedule,
            input: None,
            dependencies: None,
        }
    }
}

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
pub struct PartResult {
    pub partial: Partial,
    pub wait_ms: u64,
}

/// The partials as number lists, or an error if one is of the other kind.
pub fn numbers(partials: Vec<Partial>) -> Result<Vec<Vec<u32>>, String> {
    partials.into_iter().map(|p| if let Partial::Numbers(n) = p { Ok(n) } else { Err(wrong_kind()) }).collect()
}

/// The partials as value lists, or an error if one is of the other kind.
pub fn values(partials: Vec<Partial>) -> Result<Vec<Vec<u64>>, String> {
    partials.into_iter().map(|p| if let Partial::Values(v) = p { Ok(v) } else { Err(wrong_kind()) }).collect()
}

fn wrong_kind() -> String {
    "A partial result of the wrong kind came back for this experiment.".into()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;

    fn requests() -> Vec<Request> {
        [
            r#"{"experiment":"mandelbrot","params":{"width":37,"height":23,"max_iter":150,"schedule":{"kind":"dynamic","chunk":1}}}"#,
            r#"{"experiment":"toasts","params":{"toasts":41,"toast_work":1,"chunk_overhead":1,"toasts_per_chunk":1,"seed":5}}"#,
            r#"{"experiment":"requests","params":{"requests":17,"wait_ms":3,"request_work":1,"seed":5}}"#,
            r#"{"experiment":"fork_join","params":{"elements":10007,"cutoff":256,"seed":5}}"#,
            r#"{"experiment":"queue","params":{"jobs":23,"capacity":3,"job_work":1,"producer_work":1,"seed":5}}"#,
            r#"{"experiment":"image_batch","params":{"images":11,"side":45,"thumb_side":14,"images_per_chunk":2,"seed":5}}"#,
            r#"{"experiment":"counter","params":{"increments":20011,"strategy":"lock","increments_per_chunk":300}}"#,
            r#"{"experiment":"breakfast","params":{"tasks":"coffee 2 machine; toast1 1 machine; toast2 1 machine after toast1; juice 1 hands","way":"parallel","minute_ms":1,"breakfasts":2}}"#,
            r#"{"experiment":"pipeline","params":{"items":19,"read_work":1,"parse_work":2,"transform_work":1,"write_work":1,"capacity":2,"form":"pipeline","stage_workers":"auto"}}"#,
        ]
        .iter()
        .map(|json| serde_json::from_str(json).unwrap())
        .collect()
    }

    // Results are compared by checksum: `details` may hold what a run measured
    // (how long a queue got), which differs from run to run by nature.

    /// Runs `request` as a coordinator would: chunks of `chunk` tasks, each
    /// with its own copy of its data, merged in task order.
    fn run_partitioned(request: &Request, chunk: usize) -> (Output, u64) {
        let kernel = request.kernel();
        let plan = kernel.plan();
        let (input, per_task) = plan.input.unwrap_or_default();
        let tasks = plan.task_count;
        let mut partials = Vec::new();
        let mut waited = 0;
        for start in (0..tasks).step_by(chunk) {
            let range = start..(start + chunk).min(tasks);
            let data =
                input[(range.start * per_task).min(input.len())..(range.end * per_task).min(input.len())].to_vec();
            let result = kernel.run_part(range, data);
            waited += result.wait_ms;
            partials.push(result.partial);
        }
        (kernel.merge_parts(partials).unwrap(), waited)
    }

    #[test]
    fn every_request_kind_runs_on_threads_and_equals_its_sequential_reference() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        for request in requests() {
            let kernel = request.kernel();
            kernel.validate().unwrap();
            assert_eq!(
                kernel.run_threads(&pool, &RunControl::free(&AtomicBool::new(false))).unwrap().output.checksum,
                kernel.sequential().checksum,
                "{request:?}"
            );
        }
    }

    #[test]
    fn under_a_gil_every_kernel_that_allows_one_equals_its_sequential_reference() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        let never = AtomicBool::new(false);
        for request in requests().into_iter().filter(|r| r.kernel().supports_gil()) {
            let kernel = request.kernel();
            let control = RunControl { cancel: &never, gil: Some(crate::gil::Gil::new(0.05)) };
            let run = kernel.run_threads(&pool, &control).unwrap();
            assert_eq!(run.output.checksum, kernel.sequential().checksum, "{request:?}");
            assert!(
                run.records.iter().any(|r| r.what == crate::gil::GIL_WAIT),
                "{request:?}: no wait for the GIL recorded"
            );
        }
        assert!(requests().iter().any(|r| !r.kernel().supports_gil()), "fork-join refuses the GIL");
    }

    #[test]
    fn invalid_requests_are_refused_before_running() {
        let bad: Request = serde_json::from_str(
            r#"{"experiment":"toasts","params":{"toasts":0,"toast_work":1,"chunk_overhead":1,"toasts_per_chunk":4,"seed":7}}"#,
        )
        .unwrap();
        assert!(bad.kernel().validate().is_err());
        assert!(serde_json::from_str::<Request>(r#"{"experiment":"nope","params":{}}"#).is_err());
    }

    #[test]
    fn every_partitioning_merges_to_the_sequential_reference() {
        for request in requests() {
            for chunk in [1, 2, 7, 1000] {
                let (output, _) = run_partitioned(&request, chunk);
                assert_eq!(output.checksum, request.kernel().sequential().checksum, "{request:?} chunk={chunk}");
            }
        }
    }

    #[test]
    fn the_partitioned_and_threaded_runs_agree() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        for request in requests() {
            let threaded = request.kernel().run_threads(&pool, &RunControl::free(&AtomicBool::new(false))).unwrap();
            assert_eq!(run_partitioned(&request, 3).0.checksum, threaded.output.checksum, "{request:?}");
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
        assert!(toasts.kernel().merge_parts(vec![Partial::Numbers(vec![1])]).unwrap_err().contains("wrong kind"));
    }
}
