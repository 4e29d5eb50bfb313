//! One experiment per file: its parameters, its kernel over a k-worker pool,
//! its sequential reference, its share-nothing form and its tests. Every
//! experiment implements `Kernel`; `Request` names one with its parameters, and
//! its `kernel()` is the only list of experiments on the Rust side.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::ThreadPool;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::schedule::{Cancelled, Experiment, RunControl, Schedule};
use crate::work_record::Run;

/// The experiments, listed once: each line is a kernel's module, its name as
/// requests from JavaScript give it, its `Request` variant and its parameters.
/// A new experiment is one file and one line here.
macro_rules! experiments {
    ($($module:ident: $name:literal => $variant:ident($params:ty)),+ $(,)?) => {
        $(pub mod $module;)+

        #[derive(Clone, Debug, Deserialize)]
        #[serde(tag = "experiment", content = "params", rename_all = "snake_case")]
        pub enum Request {
            $($variant($params)),+
        }

        impl Request {
            /// Every experiment's name, as a request gives it.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            pub fn kernel(&self) -> &dyn Kernel {
                match self {
                    $(Request::$variant(params) => params),+
                }
            }
        }
    };
}

experiments! {
    mandelbrot: "mandelbrot" => Mandelbrot(mandelbrot::MandelbrotRun),
    toasts: "toasts" => Toasts(toasts::ToastParams),
    requests: "requests" => Requests(requests::RequestParams),
    fork_join: "fork_join" => ForkJoin(fork_join::SortParams),
    queue: "queue" => Queue(queue::QueueParams),
    image_batch: "image_batch" => ImageBatch(image_batch::ImageBatchParams),
    counter: "counter" => Counter(counter::CounterParams),
    breakfast: "breakfast" => Breakfast(breakfast::BreakfastParams),
    pipeline: "pipeline" => Pipeline(pipeline::PipelineParams),
    scan: "scan" => Scan(scan::ScanParams),
    partitions: "partitions" => Partitions(partitions::PartitionsParams),
    aggregate: "aggregate" => Aggregate(aggregate::AggregateParams),
    word_count: "word_count" => WordCount(word_count::WordCountParams),
    join: "join" => Join(join::JoinParams),
    sample_sort: "sample_sort" => SampleSort(sample_sort::SampleSortParams),
}

pub trait Kernel: Sync {
    /// A message for a student when the parameters are out of range.
    fn validate(&self) -> Result<(), String>;
    /// Makes and keeps the data that the run reads (the data experiments'
    /// tables), before the engine starts its clock: not part of T(k). `None`:
    /// all of it, for workers that share memory; `Some((worker, workers))`:
    /// just what that share-nothing worker's tasks read. Says whether the
    /// experiment has such data. Call `validate` first.
    fn prepare(&self, _part: Option<(usize, usize)>) -> bool {
        false
    }
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
    /// How `workers` share-nothing workers split the work.
    fn plan(&self, workers: usize) -> Plan;
    /// Runs a chunk of tasks on the calling thread alone, in a run on
    /// `workers` share-nothing workers (the k of `plan(workers)`: how many
    /// partitions or reducers there are); `data` is the chunk's part of
    /// `Plan::input`, `broadcast` is `Plan::broadcast` (or empty).
    fn run_part(&self, tasks: Range<usize>, workers: usize, data: Vec<u32>, broadcast: &[u8]) -> PartResult;
    /// With `Plan::shuffle`: reducer `reducer` gets bucket `reducer` of every
    /// chunk's `Partial::Buckets`, in task order, and returns its partial.
    fn run_reducer(&self, _reducer: usize, _buckets: Vec<Vec<u8>>) -> PartResult {
        panic!("this experiment has no shuffle, so it has no reducers")
    }
    /// Merges partial results given in task order (the reducers' partials, in
    /// reducer order, after a shuffle); refuses partials of the wrong kind.
    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String>;
    /// Whether a chunk's `PartResult::wait_ms` keeps its share-nothing worker
    /// from its next chunk, as a request blocked on I/O does; an asynchronous
    /// cook starts a machine and goes on with its next task while it runs.
    fn wait_holds_worker(&self) -> bool {
        true
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
    /// Bytes every worker receives once, before its first chunk, and every
    /// chunk may read (a broadcast join's small table, encoded).
    pub broadcast: Option<Vec<u8>>,
    /// A second round after all chunks are back: their partials are buckets,
    /// one per reducer.
    pub shuffle: Option<Shuffle>,
}

/// The reduce round of a plan: `reducers` reducers, reducer r on worker r mod k.
pub struct Shuffle {
    pub reducers: usize,
    /// What a reducer does, for the timeline ("count", "join").
    pub reducer_name: &'static str,
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
            broadcast: None,
            shuffle: None,
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
    /// Anything else (rows, counts per key, maps), encoded by `encode`.
    Encoded(Vec<u8>),
    /// For a shuffle: one encoded bucket per reducer.
    Buckets(Vec<Vec<u8>>),
}

/// Bytes that a run moves, or would move, between workers and the
/// coordinator, by phase: data sent out with the tasks (scatter), buckets
/// between the map and reduce rounds (shuffle), results back (gather).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BytesMoved {
    pub scatter: u64,
    pub shuffle: u64,
    pub gather: u64,
}

/// `value` as the bytes of a `Partial::Encoded` or of a bucket (bincode).
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    bincode::serialize(value).expect("a partial result can always be encoded")
}

/// The size of `encode(value)`, without encoding it: what a share-nothing run would move.
pub fn encoded_size<T: Serialize>(value: &T) -> u64 {
    bincode::serialized_size(value).expect("a partial result can always be encoded")
}

/// Bytes made by `encode`, decoded.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    bincode::deserialize(bytes).map_err(|error| format!("A partial result could not be read: {error}."))
}

/// The partials as encoded values, or an error if one is of another kind or does not decode.
pub fn decoded<T: DeserializeOwned>(partials: Vec<Partial>) -> Result<Vec<T>, String> {
    partials
        .into_iter()
        .map(|p| if let Partial::Encoded(bytes) = p { decode(&bytes) } else { Err(wrong_kind()) })
        .collect()
}

/// Serde for a column of numbers (`#[serde(with = "column")]` on a `Vec` of
/// u8, u16 or u32) as one run of little-endian bytes: bincode then copies the
/// column at once instead of number by number, which is several times faster
/// for the large buckets of a shuffle, and gives the same size.
pub mod column {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{Error, Visitor};
    use serde::{Deserializer, Serializer};

    /// A number a column may hold.
    pub trait Number: Copy {
        const BYTES: usize;
        fn write(self, bytes: &mut [u8]);
        fn read(bytes: &[u8]) -> Self;
    }

    macro_rules! numbers {
        ($($number:ty),*) => {$(
            impl Number for $number {
                const BYTES: usize = std::mem::size_of::<$number>();
                fn write(self, bytes: &mut [u8]) {
                    bytes.copy_from_slice(&self.to_le_bytes());
                }
                fn read(bytes: &[u8]) -> Self {
                    <$number>::from_le_bytes(bytes.try_into().expect("chunks of the number's size"))
                }
            }
        )*};
    }
    numbers!(u8, u16, u32);

    pub fn serialize<N: Number, C: AsRef<[N]> + ?Sized, S: Serializer>(
        column: &C,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let column = column.as_ref();
        let mut bytes = vec![0; column.len() * N::BYTES];
        for (slot, &number) in bytes.chunks_exact_mut(N::BYTES).zip(column) {
            number.write(slot);
        }
        serializer.serialize_bytes(&bytes)
    }

    pub fn deserialize<'de, N: Number, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<N>, D::Error> {
        deserializer.deserialize_bytes(Numbers(PhantomData))
    }

    struct Numbers<N>(PhantomData<N>);

    impl<N: Number> Visitor<'_> for Numbers<N> {
        type Value = Vec<N>;

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            write!(formatter, "a column of {}-byte numbers", N::BYTES)
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<N>, E> {
            if bytes.len() % N::BYTES != 0 {
                return Err(E::invalid_length(bytes.len(), &self));
            }
            Ok(bytes.chunks_exact(N::BYTES).map(N::read).collect())
        }
    }
}

/// How many inputs a kernel has made inside its chunks and kept for later
/// ones, in this instance: a process reading an image the first time it is
/// given it. A chunk that made one cost more than the same chunk will next
/// time, so a sweep warms up until its runs make none (`madeInput` of `runChunk`).
static INPUTS_MADE: AtomicUsize = AtomicUsize::new(0);

/// Counts one input made inside a chunk and kept (see `INPUTS_MADE`).
pub fn note_input_made() {
    INPUTS_MADE.fetch_add(1, Ordering::Relaxed);
}

/// How many inputs this instance's chunks have made and kept so far.
pub fn inputs_made() -> usize {
    INPUTS_MADE.load(Ordering::Relaxed)
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

/// The share-nothing engine's coordinator in miniature, for native tests.
#[cfg(test)]
pub(crate) mod share_nothing {
    use super::*;

    /// Runs `kernel` as the processes engine would on `workers` workers, but
    /// in chunks of `chunk` tasks taken in order, each with its own copy of its
    /// data; returns the merged output and the time the chunks asked to wait.
    pub fn run(kernel: &dyn Kernel, workers: usize, chunk: usize) -> (Output, u64) {
        for worker in 0..workers {
            kernel.prepare(Some((worker, workers)));
        }
        let plan = kernel.plan(workers);
        let (input, per_task) = plan.input.unwrap_or_default();
        let broadcast = plan.broadcast.unwrap_or_default();
        let mut partials = Vec::new();
        let mut waited = 0;
        for start in (0..plan.task_count).step_by(chunk.max(1)) {
            let range = start..(start + chunk).min(plan.task_count);
            let data =
                input[(range.start * per_task).min(input.len())..(range.end * per_task).min(input.len())].to_vec();
            let result = kernel.run_part(range, workers, data, &broadcast);
            waited += result.wait_ms;
            partials.push(result.partial);
        }
        if let Some(shuffle) = plan.shuffle {
            let mut buckets: Vec<Vec<Vec<u8>>> = vec![Vec::new(); shuffle.reducers];
            for partial in partials {
                let Partial::Buckets(parts) = partial else { panic!("a map chunk before a shuffle must give buckets") };
                assert_eq!(parts.len(), shuffle.reducers, "one bucket per reducer");
                for (reducer, bucket) in parts.into_iter().enumerate() {
                    buckets[reducer].push(bucket);
                }
            }
            partials = buckets
                .into_iter()
                .enumerate()
                .map(|(reducer, buckets)| {
                    let result = kernel.run_reducer(reducer, buckets);
                    waited += result.wait_ms;
                    result.partial
                })
                .collect();
        }
        (kernel.merge_parts(partials).unwrap(), waited)
    }
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
            r#"{"experiment":"scan","params":{"rows":3001,"selectivity":30,"udf_work":2,"gather":"rows","seed":5}}"#,
            r#"{"experiment":"partitions","params":{"rows":3001,"partitions":5,"split":"split_large","partition_work":1,"row_work":1,"layout":"day","day_from":40,"day_to":120,"pruning":"on","seed":5}}"#,
            r#"{"experiment":"aggregate","params":{"rows":3001,"customers":40,"customer_skew":1.5,"group_by":"customer","strategy":"sharded_locks","shards":4,"seed":5}}"#,
            r#"{"experiment":"word_count","params":{"words":2003,"vocabulary":90,"word_skew":1,"combiner":true,"seed":5}}"#,
            r#"{"experiment":"join","params":{"orders":3001,"customers":97,"customer_skew":1.5,"strategy":"repartition","seed":5}}"#,
            r#"{"experiment":"sample_sort","params":{"elements":10007,"seed":5,"keys":"duplicates","splitters":"oversampled"}}"#,
        ]
        .iter()
        .map(|json| serde_json::from_str(json).unwrap())
        .collect()
    }

    // Results are compared by checksum: `details` may hold what a run measured
    // (how long a queue got), which differs from run to run by nature.

    fn run_partitioned(request: &Request, chunk: usize) -> (Output, u64) {
        share_nothing::run(request.kernel(), 3, chunk)
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

    /// The speedup stack adds up each run's totals: for every experiment they
    /// must be typed where they were recorded and fit in the time they account for.
    #[test]
    fn every_kernels_totals_are_typed_and_fit_inside_each_lane_and_the_run() {
        use crate::work_record::{Kind, Lane};
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        let never = AtomicBool::new(false);
        for request in requests() {
            let kernel = request.kernel();
            let gils = if kernel.supports_gil() { vec![None, Some(crate::gil::Gil::new(0.05))] } else { vec![None] };
            for gil in gils {
                let under_gil = gil.is_some();
                let run = kernel.run_threads(&pool, &RunControl { cancel: &never, gil }).unwrap();
                assert!(run.total_ms(Kind::Compute) > 0.0, "{request:?}: no compute time");
                // The lanes the stack counts: the workers and the merge (a breakfast's machines overlap by design).
                let mut lanes: Vec<Lane> =
                    run.totals.iter().map(|t| t.lane).filter(|l| matches!(l, Lane::Worker(_)) || *l == Lane::MERGE).collect();
                lanes.dedup();
                for lane in lanes {
                    let on_lane: f64 = run.totals.iter().filter(|t| t.lane == lane).map(|t| t.ms).sum();
                    assert!(on_lane <= run.span_ms + 1e-6, "{request:?} {lane:?}: {on_lane} ms in a run of {} ms", run.span_ms);
                    assert!(run.totals.iter().filter(|t| t.lane == lane).all(|t| t.ms >= -1e-9), "{request:?} {lane:?}");
                }
                // Every segment's kind has a total, and only the merge lane merges.
                for record in &run.records {
                    assert!(run.totals.iter().any(|t| t.lane == record.worker && t.kind == record.kind), "{record:?}");
                    assert_eq!(record.kind == Kind::Merge, record.worker == Lane::MERGE, "{request:?} {record:?}");
                }
                assert_eq!(under_gil, run.total_ms(Kind::GilWait) > 0.0, "{request:?}");
            }
        }
        let waiting = requests()[2].kernel().run_threads(&pool, &RunControl::free(&never)).unwrap();
        assert!(waiting.total_ms(Kind::IoWait) >= 17.0 * 3.0, "waiting requests record their waits as I/O");
    }

    /// The page states each limit once (web/src/experiments/params.js) and
    /// checks values before they reach a kernel: its figures must be the kernels'.
    #[test]
    fn the_pages_limits_are_the_kernels() {
        let page = include_str!("../../../web/src/experiments/params.js");
        let stated = |name: &str| -> String {
            let line = page.lines().find(|l| l.starts_with(&format!("export const {name} = "))).unwrap_or_else(|| panic!("{name} is not in params.js"));
            line.split(" = ").nth(1).unwrap().trim_end_matches(';').to_string()
        };
        assert_eq!(stated("MAX_ORDERS"), crate::data::MAX_ORDERS.to_string());
        assert_eq!(stated("MAX_CUSTOMERS"), crate::data::MAX_CUSTOMERS.to_string());
        assert_eq!(stated("MAX_WORDS"), crate::data::MAX_WORDS.to_string());
        assert_eq!(stated("MAX_VOCABULARY"), crate::data::MAX_VOCABULARY.to_string());
        let halves: Vec<String> =
            (0..=(crate::data::Skew::MAX * 2.0) as u32).map(|h| format!("'{}'", f64::from(h) / 2.0)).collect();
        assert_eq!(stated("SKEWS"), format!("[{}]", halves.join(", ")));
        for (h, skew) in halves.iter().enumerate() {
            assert!(crate::data::Skew(h as f64 / 2.0).validate("x").is_ok(), "{skew}");
        }
        let gil = crate::gil::SWITCH_INTERVAL_MS;
        assert_eq!(
            stated("SWITCH_INTERVAL_MS"),
            format!("{{ min: {}, max: {}, default: {} }}", gil.start(), gil.end(), crate::gil::DEFAULT_SWITCH_INTERVAL_MS)
        );
    }

    #[test]
    fn every_experiment_is_in_the_conformance_suite_once() {
        let mut named: Vec<&str> = requests().iter().map(request_name).collect();
        named.sort_unstable();
        let mut all = Request::NAMES.to_vec();
        all.sort_unstable();
        assert_eq!(named, all);
    }

    /// The name a request was made with, from its variant.
    fn request_name(request: &Request) -> &'static str {
        let debug = format!("{request:?}");
        let variant = debug.split('(').next().unwrap();
        Request::NAMES.iter().find(|name| name.replace('_', "") == variant.to_lowercase()).unwrap()
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
    fn a_column_travels_as_its_bytes_and_comes_back_the_same() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Columns {
            #[serde(with = "column")]
            wide: Vec<u32>,
            #[serde(with = "column")]
            narrow: Vec<u8>,
        }
        let columns = Columns { wide: vec![1, u32::MAX, 70_000], narrow: vec![0, 255] };
        let bytes = encode(&columns);
        assert_eq!(bytes.len(), 8 + 3 * 4 + 8 + 2, "a length and the numbers, as bincode writes a Vec");
        assert_eq!(bytes.len() as u64, encoded_size(&columns));
        assert_eq!(decode::<Columns>(&bytes).unwrap(), columns);
        assert!(decode::<Columns>(&bytes[..bytes.len() - 3]).is_err());
    }

    #[test]
    fn partials_of_the_wrong_kind_are_refused() {
        let toasts = &requests()[1];
        assert!(toasts.kernel().merge_parts(vec![Partial::Numbers(vec![1])]).unwrap_err().contains("wrong kind"));
    }
}
