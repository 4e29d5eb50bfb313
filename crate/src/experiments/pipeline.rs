//! A pipeline of stages: N items flow through four stages (read → parse →
//! transform → write), each with its own cost per item, connected by bounded
//! channels. Two forms of the same work:
//!
//! - **pipeline**: workers are assigned to stages; a worker takes an item from
//!   the channel before its stage, does its stage and puts the item on the
//!   next channel. Stages overlap on different items, and the slowest stage
//!   (per worker) sets the pace: its workers are always busy while the others
//!   wait for input or for room, so more workers elsewhere do not help.
//! - **data parallel**: each worker takes the next item and does all four
//!   stages on it; nothing waits for anything but the next item.
//!
//! Which stage a worker serves (k pool workers; `stage_workers` is `auto` or
//! four counts such as `1,1,2,1`), so that a student can predict it:
//! - k ≥ 4: every stage starts with one worker, and each further worker goes to
//!   the stage with the most weight per worker (ties: the earlier stage). The
//!   weight is the stage's cost with `auto`, the typed count otherwise, so
//!   counts that add up to k are used as they are, and other counts are scaled
//!   to k in proportion.
//! - k < 4: adjacent stages are fused into k runs, each served by one worker
//!   that does its run's stages one after the other; the cut is the one whose
//!   heaviest run weighs least (ties: the first such cut).
//!
//! An item's value is its index passed through the four stages' `spin`s in
//! turn, so the checksum over the items in item order is the same for both
//! forms, every k and both engines. Without shared memory (the processes
//! engine) there are no channels between processes, so each process does all
//! stages of the items it is sent: the data-parallel form.

use std::hint::black_box;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::ThreadPool;
use serde::{Deserialize, Serialize};

use super::{values, Kernel, Output, PartResult, Partial, Plan};
use crate::channel::BoundedChannel;
use crate::clock::now_ms;
use crate::gil;
use crate::schedule::{run_on_pool, Cancelled, Experiment, RunControl, Schedule};
use crate::recorder;
use crate::work::{checksum, spin};
use crate::work_record::{Kind, Lane, LaneLog, Run};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    Pipeline,
    DataParallel,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct PipelineParams {
    pub items: u32,
    /// Cost of each stage per item, in thousands of `spin` rounds.
    pub read_work: u32,
    pub parse_work: u32,
    pub transform_work: u32,
    pub write_work: u32,
    /// How many items each channel between two stages holds at most.
    pub capacity: u32,
    pub form: Form,
    /// `auto`, or the workers of each stage, e.g. `1,1,2,1`.
    pub stage_workers: String,
}

pub const STAGES: [&str; 4] = ["read", "parse", "transform", "write"];
pub const MAX_ITEMS: u32 = 100_000;
pub const MAX_CAPACITY: u32 = 10_000;
pub const MAX_WORK: u32 = 100_000;
/// The most workers one stage may be given in `stage_workers`.
pub const MAX_STAGE_WORKERS: u32 = 256;

/// What the timeline calls a stage's wait for an item, and for room in the next channel.
pub const WAIT_FOR_INPUT: &str = "waiting for input";
pub const WAIT_FOR_ROOM: &str = "waiting for room";

// Waits shorter than this are the channel's own locking, not a lack of items or room.
const SHORTEST_WAIT_SHOWN_MS: f64 = 0.05;

/// A run of consecutive stages and the workers that serve it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub stages: Range<usize>,
    pub workers: usize,
}

/// The typed workers per stage: None for `auto`, or four counts of at least 1.
pub fn parse_stage_workers(text: &str) -> Result<Option<[u32; 4]>, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    let refuse = || {
        format!(
            "Workers per stage must be auto or four whole numbers from 1 to {MAX_STAGE_WORKERS}, one per stage \
             (read, parse, transform, write), separated by commas, such as 1,1,2,1 (got \"{text}\")."
        )
    };
    let counts: Vec<u32> =
        text.split(',').map(|part| part.trim().parse::<u32>()).collect::<Result<_, _>>().map_err(|_| refuse())?;
    let counts: [u32; 4] = counts.try_into().map_err(|_| refuse())?;
    if counts.iter().any(|&count| !(1..=MAX_STAGE_WORKERS).contains(&count)) {
        return Err(refuse());
    }
    Ok(Some(counts))
}

/// How k workers serve the four stages whose weights are `weights` (see the module's comment).
pub fn assign(weights: [u64; 4], k: usize) -> Vec<Group> {
    let k = k.max(1);
    if k < STAGES.len() {
        return fuse(weights, k);
    }
    let mut workers = [1usize; 4];
    for _ in STAGES.len()..k {
        // The most weight per worker: w_a / n_a > w_b / n_b, compared without division.
        let busiest = (0..4)
            .reduce(|best, s| {
                let (this, that) =
                    (u128::from(weights[s]) * workers[best] as u128, u128::from(weights[best]) * workers[s] as u128);
                if this > that || (this == that && workers[s] < workers[best]) {
                    s
                } else {
                    best
                }
            })
            .expect("four stages");
        workers[busiest] += 1;
    }
    (0..4).map(|s| Group { stages: s..s + 1, workers: workers[s] }).collect()
}

/// The four stages cut into `runs` (1 to 3) consecutive runs, one worker each,
/// so that the heaviest run weighs least.
fn fuse(weights: [u64; 4], runs: usize) -> Vec<Group> {
    let weight = |stages: &Range<usize>| -> u64 { weights[stages.clone()].iter().sum() };
    // Every choice of runs − 1 cut points among the three gaps between stages.
    let cuts: Vec<Vec<usize>> = match runs {
        1 => vec![vec![]],
        2 => (1..4).map(|a| vec![a]).collect(),
        _ => (1..4).flat_map(|a| (a + 1..4).map(move |b| vec![a, b])).collect(),
    };
    let groups_of = |cut: &Vec<usize>| -> Vec<Range<usize>> {
        let bounds: Vec<usize> = std::iter::once(0).chain(cut.iter().copied()).chain(std::iter::once(4)).collect();
        bounds.windows(2).map(|pair| pair[0]..pair[1]).collect()
    };
    let best = cuts
        .iter()
        .map(groups_of)
        .min_by_key(|groups| groups.iter().map(weight).max().unwrap_or(0))
        .expect("at least one cut");
    best.into_iter().map(|stages| Group { stages, workers: 1 }).collect()
}

impl PipelineParams {
    fn costs(&self) -> [u32; 4] {
        [self.read_work, self.parse_work, self.transform_work, self.write_work]
    }

    /// The stages' groups for a pool of k workers.
    pub fn groups(&self, k: usize) -> Vec<Group> {
        let weights = match parse_stage_workers(&self.stage_workers) {
            Ok(Some(counts)) => counts.map(u64::from),
            _ => self.costs().map(u64::from),
        };
        assign(weights, k)
    }

    /// Stage `stage` done on the value `value` of an item.
    fn stage(&self, stage: usize, value: u64) -> u64 {
        spin(value ^ (stage as u64) << 56, self.costs()[stage] * 1000)
    }

    /// All four stages done on item `item`, as the sequential reference does it.
    fn item(&self, item: u32) -> u64 {
        (0..STAGES.len()).fold(u64::from(item), |value, stage| self.stage(stage, value))
    }
}

/// Sequential reference: all stages for each item, in item order.
pub fn sequential(params: &PipelineParams) -> u64 {
    checksum((0..params.items).map(|item| params.item(item)))
}

enum Message {
    Item(u32, u64),
    Stop,
}

/// The channels and counters of one pipeline run.
struct Line<'a> {
    params: &'a PipelineParams,
    groups: Vec<Group>,
    /// `channels[g]` feeds group g + 1.
    channels: Vec<BoundedChannel<Message>>,
    /// The next item the first group reads.
    next_item: AtomicUsize,
    /// Workers of each group that have stopped; the last one passes the stop on.
    stopped: Vec<AtomicUsize>,
}

impl Line<'_> {
    fn wait(what: &'static str, (asked, got): (f64, f64)) {
        if got - asked >= SHORTEST_WAIT_SHOWN_MS {
            recorder::wait(Kind::QueueWait, what, asked, got);
        }
    }

    /// A worker serving group `group` until its input ends or the run is
    /// cancelled; returns the items it finished (last group only).
    fn serve(&self, group: usize, control: &RunControl) -> Vec<(u32, u64)> {
        let mut finished = Vec::new();
        let last = group + 1 == self.groups.len();
        loop {
            let (item, mut value) = if group == 0 {
                let item = self.next_item.fetch_add(1, Ordering::Relaxed);
                if item >= self.params.items as usize || control.cancel.load(Ordering::Relaxed) {
                    break;
                }
                (item as u32, u64::from(item as u32))
            } else {
                // Like queue.get() in CPython, waiting for an item lets go of the GIL.
                let (message, asked, got) = gil::released(|| self.channels[group - 1].take());
                Self::wait(WAIT_FOR_INPUT, (asked, got));
                match message {
                    Message::Item(item, value) => (item, value),
                    Message::Stop => break,
                }
            };
            for stage in self.groups[group].stages.clone() {
                let tasks = item as usize..item as usize + 1;
                value = recorder::span(Kind::Compute, STAGES[stage], tasks, || self.params.stage(stage, value));
            }
            if last {
                finished.push((item, value));
            } else {
                let waited = gil::released(|| self.channels[group].put(Message::Item(item, value)));
                Self::wait(WAIT_FOR_ROOM, waited);
            }
        }
        // The group's last worker to stop sends one stop signal per worker of the next group.
        let stopped = self.stopped[group].fetch_add(1, Ordering::AcqRel) + 1;
        if !last && stopped == self.groups[group].workers {
            for _ in 0..self.groups[group + 1].workers {
                gil::released(|| self.channels[group].put(Message::Stop));
            }
        }
        finished
    }
}

/// The data-parallel form as a pool experiment: one task per item, each
/// chunk's partial is its items' values and the time it spent in each stage.
struct AllStages<'a>(&'a PipelineParams);

impl Experiment for AllStages<'_> {
    type Partial = (Vec<u64>, [f64; 4]);
    type Output = (u64, [f64; 4]);

    fn task_name(&self) -> &'static str {
        "items (all stages)"
    }

    fn task_count(&self) -> usize {
        self.0.items as usize
    }

    fn run_chunk(&self, items: Range<usize>) -> Self::Partial {
        let mut busy = [0.0; 4];
        let values = items
            .map(|item| {
                (0..STAGES.len()).fold(item as u64, |value, stage| {
                    let start = now_ms();
                    let value = self.0.stage(stage, value);
                    busy[stage] += now_ms() - start;
                    value
                })
            })
            .collect();
        (values, busy)
    }

    fn merge(&self, partials: Vec<Self::Partial>) -> Self::Output {
        let mut busy = [0.0; 4];
        for (_, chunk_busy) in &partials {
            for (total, add) in busy.iter_mut().zip(chunk_busy) {
                *total += add;
            }
        }
        (checksum(partials.into_iter().flat_map(|(values, _)| values)), busy)
    }
}

/// What the page shows of a run: who served which stages, each stage's busy
/// share (its busy time ÷ (its workers × the run's span)), the throughput,
/// and the slowest stage: the group of stages whose workers were busiest (the
/// one that limits a pipeline; in the data-parallel form, the costliest stage).
fn details(form: Form, items: u32, groups: &[Group], busy: [f64; 4], span_ms: f64) -> serde_json::Value {
    let span_ms = span_ms.max(f64::EPSILON);
    let workers_of = |stage: usize| groups.iter().find(|g| g.stages.contains(&stage)).map_or(1, |g| g.workers);
    let utilisation: Vec<f64> = (0..4).map(|s| busy[s] / (workers_of(s) as f64 * span_ms)).collect();
    // Fused stages share their workers, so the group's share is the sum of its stages'.
    let share = |g: &Group| -> f64 { utilisation[g.stages.clone()].iter().sum() };
    let slowest = groups.iter().reduce(|best, g| if share(g) > share(best) { g } else { best }).expect("four stages");
    let names = |g: &Group| STAGES[g.stages.clone()].join("+");
    serde_json::json!({
        "form": form,
        "items": items,
        "groups": groups.iter().map(|g| serde_json::json!({ "stages": names(g), "workers": g.workers })).collect::<Vec<_>>(),
        "workersPerStage": (0..4).map(workers_of).collect::<Vec<_>>(),
        "utilisation": utilisation,
        "throughput": f64::from(items) / (span_ms / 1000.0),
        "slowestStage": names(slowest),
    })
}

impl PipelineParams {
    fn run_pipeline(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        let k = pool.current_num_threads();
        let groups = self.groups(k);
        let run_start = now_ms();
        let line = Line {
            params: self,
            channels: (1..groups.len()).map(|_| BoundedChannel::new(self.capacity as usize, run_start)).collect(),
            stopped: groups.iter().map(|_| AtomicUsize::new(0)).collect(),
            groups,
            next_item: AtomicUsize::new(0),
        };
        // Worker w serves the group whose share of the pool's indices holds w.
        let group_of = |worker: usize| {
            let mut first = 0;
            line.groups.iter().position(|g| {
                first += g.workers;
                worker < first
            })
        };
        let served = Mutex::new(Vec::new());
        pool.in_place_scope(|scope| {
            scope.spawn_broadcast(|_, context| {
                let worker = context.index();
                let group = group_of(worker).expect("the groups' workers add up to k");
                let serve = || line.serve(group, control);
                let done = recorder::keeping(Lane::Worker(worker), run_start, || match &control.gil {
                    Some(held) => gil::run_holding(held, serve),
                    None => serve(),
                });
                served.lock().expect("no worker panics holding the results").push(done);
            });
        });
        let mut finished = Vec::with_capacity(self.items as usize);
        let mut log = LaneLog::default();
        for (done, worker_log) in served.into_inner().expect("no worker panicked") {
            finished.extend(done);
            log.absorb(worker_log);
        }
        if finished.len() != self.items as usize {
            return Err(Cancelled);
        }
        finished.sort_unstable_by_key(|&(item, _)| item);
        let mut busy = [0.0; 4];
        for record in &log.records {
            if let Some(stage) = STAGES.iter().position(|name| *name == record.what) {
                busy[stage] += record.duration_ms();
            }
        }
        let span = log.records.iter().map(|r| r.end_ms).fold(0.0, f64::max);
        let mut details = details(Form::Pipeline, self.items, &line.groups, busy, span);
        // What the user typed, so that the page can say whether it was used as it is or scaled.
        details["stageWorkers"] = self.stage_workers.clone().into();
        let output =
            Output { checksum: checksum(finished.into_iter().map(|(_, value)| value)), details, arrays: Vec::new() };
        Ok(Run::finished(output, k, run_start, log))
    }

    fn run_data_parallel(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        let k = pool.current_num_threads();
        let run = run_on_pool(pool, &AllStages(self), Schedule::Dynamic { chunk: 1 }, control)?;
        let span = run.records.iter().map(|r| r.end_ms).fold(0.0, f64::max);
        Ok(run.map(|(sum, busy)| Output {
            checksum: sum,
            details: details(
                Form::DataParallel,
                self.items,
                &(0..4).map(|s| Group { stages: s..s + 1, workers: k }).collect::<Vec<_>>(),
                busy,
                span,
            ),
            arrays: Vec::new(),
        }))
    }
}

impl Kernel for PipelineParams {
    fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_ITEMS).contains(&self.items) {
            return Err(format!("The number of items must be between 1 and {MAX_ITEMS} (got {}).", self.items));
        }
        if !(1..=MAX_CAPACITY).contains(&self.capacity) {
            return Err(format!(
                "Each channel between stages must hold between 1 and {MAX_CAPACITY} items (got {}).",
                self.capacity
            ));
        }
        if self.costs().iter().any(|&cost| cost > MAX_WORK) {
            return Err(format!("The work of each stage must be at most {MAX_WORK} thousand rounds per item."));
        }
        parse_stage_workers(&self.stage_workers).map(|_| ())
    }

    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        match self.form {
            Form::Pipeline => self.run_pipeline(pool, control),
            Form::DataParallel => self.run_data_parallel(pool, control),
        }
    }

    fn sequential(&self) -> Output {
        Output::checksum_only(sequential(self))
    }

    /// Processes share no channels: each one is sent items, one at a time, and
    /// does all four stages of each (the data-parallel form, whatever `form` says).
    fn plan(&self, _workers: usize) -> Plan {
        Plan {
            task_count: self.items as usize,
            task_name: "items (all stages)",
            schedule: Schedule::Dynamic { chunk: 1 },
            input: None,
            dependencies: None,
            broadcast: None,
            shuffle: None,
        }
    }

    fn run_part(&self, items: Range<usize>, _workers: usize, _: Vec<u32>, _broadcast: &[u8]) -> PartResult {
        PartResult {
            partial: Partial::Values(items.map(|item| black_box(self.item(item as u32))).collect()),
            wait_ms: 0,
        }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        Ok(Output {
            checksum: checksum(values(partials)?.into_iter().flatten()),
            details: serde_json::json!({ "form": self.form, "items": self.items, "ranAs": Form::DataParallel }),
            arrays: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;

    fn params(items: u32, costs: [u32; 4], form: Form, stage_workers: &str) -> PipelineParams {
        let [read_work, parse_work, transform_work, write_work] = costs;
        PipelineParams {
            items,
            read_work,
            parse_work,
            transform_work,
            write_work,
            capacity: 4,
            form,
            stage_workers: stage_workers.into(),
        }
    }

    fn run(p: &PipelineParams, k: usize, gil: bool) -> Run<Output> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
        let never = AtomicBool::new(false);
        let control = RunControl { cancel: &never, gil: gil.then(|| crate::gil::Gil::new(0.5)) };
        p.run_threads(&pool, &control).unwrap()
    }

    fn workers(groups: &[Group]) -> Vec<usize> {
        groups.iter().map(|g| g.workers).collect()
    }

    #[test]
    fn every_form_k_and_stage_workers_give_the_sequential_checksum() {
        for form in [Form::Pipeline, Form::DataParallel] {
            for k in [1, 2, 3, 5, 8] {
                for stage_workers in ["auto", "1,1,2,1", "3,1,1,1"] {
                    for items in [1, 37] {
                        let p = params(items, [1, 2, 0, 3], form, stage_workers);
                        let out = run(&p, k, false).output;
                        assert_eq!(out.checksum, sequential(&p), "{form:?} k={k} {stage_workers} items={items}");
                    }
                }
            }
        }
        let p = params(25, [1, 1, 1, 1], Form::Pipeline, "auto");
        assert_eq!(run(&p, 5, true).output.checksum, sequential(&p), "under a GIL");
    }

    #[test]
    fn the_stage_assignment_adds_up_to_k_fuses_below_four_and_follows_the_weights() {
        for k in 1..=12 {
            for weights in [[1, 1, 1, 1], [10, 1, 1, 1], [0, 0, 0, 0], [1, 2, 3, 4]] {
                let groups = assign(weights, k);
                assert_eq!(groups.iter().map(|g| g.workers).sum::<usize>(), k, "{weights:?} k={k}");
                let covered: Vec<usize> = groups.iter().flat_map(|g| g.stages.clone()).collect();
                assert_eq!(covered, vec![0, 1, 2, 3], "every stage once, in order");
            }
        }
        // Below four workers, adjacent stages share a worker; the heaviest run is as light as it can be.
        let stages = |groups: Vec<Group>| groups.into_iter().map(|g| g.stages).collect::<Vec<_>>();
        assert_eq!(stages(assign([1, 1, 1, 1], 1)), vec![0..4]);
        assert_eq!(stages(assign([1, 1, 1, 1], 2)), vec![0..2, 2..4]);
        assert_eq!(stages(assign([10, 1, 1, 1], 2)), vec![0..1, 1..4]);
        assert_eq!(stages(assign([1, 1, 1, 10], 3)), vec![0..1, 1..3, 3..4], "ties: the first cut");
        // From four on, each further worker goes to the most weight per worker.
        assert_eq!(workers(&assign([10, 1, 1, 1], 8)), vec![5, 1, 1, 1]);
        assert_eq!(workers(&assign([1, 1, 2, 1], 5)), vec![1, 1, 2, 1], "counts that add up to k are kept");
        assert_eq!(workers(&assign([1, 1, 2, 1], 10)), vec![2, 2, 4, 2], "others are scaled to k");
        assert_eq!(workers(&assign([1, 1, 1, 1], 6)), vec![2, 2, 1, 1], "ties go to the earlier stage");
        assert_eq!(workers(&params(1, [3, 1, 1, 1], Form::Pipeline, "1,1,1,3").groups(6)), vec![1, 1, 1, 3]);
        assert_eq!(workers(&params(1, [3, 1, 1, 1], Form::Pipeline, "auto").groups(6)), vec![3, 1, 1, 1]);
    }

    #[test]
    fn the_pipeline_records_every_item_at_every_stage_on_the_workers_of_that_stage() {
        let run = run(&params(20, [1, 1, 1, 1], Form::Pipeline, "1,1,2,1"), 5, false);
        for (stage, lanes) in STAGES.iter().zip([vec![0], vec![1], vec![2, 3], vec![4]]) {
            let records: Vec<_> = run.records.iter().filter(|r| r.what == *stage).collect();
            assert_eq!(records.len(), 20, "{stage}");
            assert!(records.iter().all(|r| lanes.iter().any(|&w| r.worker == Lane::Worker(w))), "{stage}");
        }
        assert_eq!(run.output.details["workersPerStage"], serde_json::json!([1, 1, 2, 1]));
    }

    #[test]
    fn a_stage_ten_times_costlier_is_named_the_slowest_in_both_forms() {
        // Compared between stages of one run, never with a constant: a busy machine stretches them all.
        // A worker descheduled in the middle of a cheap stage stretches that stage alone, so a run may
        // misjudge on a loaded machine: each case gets three runs, and one that names the stage suffices.
        for form in [Form::Pipeline, Form::DataParallel] {
            for k in [2, 4] {
                // At k = 2 the pipeline's workers each serve two stages: read+parse and transform+write.
                let expected = if form == Form::Pipeline && k == 2 { "transform+write" } else { "transform" };
                let attempts: Vec<serde_json::Value> = (0..3)
                    .map(|_| run(&params(40, [10, 10, 100, 10], form, "1,1,1,1"), k, false).output.details)
                    .collect();
                let named = attempts.iter().any(|details| {
                    let share: Vec<f64> =
                        details["utilisation"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
                    details["slowestStage"] == expected && share[2] > share[0] && share[2] > share[3]
                });
                assert!(named, "{form:?} k={k}: {attempts:?}");
            }
        }
    }

    #[test]
    fn the_processes_form_does_all_stages_and_says_so() {
        let p = params(9, [1, 1, 1, 1], Form::Pipeline, "auto");
        let partial = p.run_part(0..9, 1, Vec::new(), &[]).partial;
        let merged = p.merge_parts(vec![partial]).unwrap();
        assert_eq!(merged.checksum, sequential(&p));
        assert_eq!(merged.details["ranAs"], "data_parallel");
    }

    #[test]
    fn a_cancelled_pipeline_stops() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        let cancelled = AtomicBool::new(true);
        let result = params(50, [1, 1, 1, 1], Form::Pipeline, "auto").run_threads(&pool, &RunControl::free(&cancelled));
        assert_eq!(result.unwrap_err(), Cancelled);
    }

    #[test]
    fn bad_parameters_are_refused_with_a_reason() {
        let with = |change: fn(&mut PipelineParams)| {
            let mut p = params(10, [1, 1, 1, 1], Form::Pipeline, "auto");
            change(&mut p);
            p.validate()
        };
        assert!(with(|_| ()).is_ok());
        assert!(with(|p| p.stage_workers = " 1, 2 ,1,1 ".into()).is_ok());
        assert!(with(|p| p.capacity = 0).unwrap_err().contains("must hold between 1"));
        assert!(with(|p| p.items = 0).unwrap_err().contains("number of items"));
        assert!(with(|p| p.parse_work = MAX_WORK + 1).unwrap_err().contains("at most"));
        for bad in ["", "1,1,1", "1,1,1,1,1", "1,0,1,1", "a,b,c,d", "2;1;1;1"] {
            let mut p = params(10, [1, 1, 1, 1], Form::Pipeline, bad);
            assert!(p.validate().unwrap_err().contains("auto or four whole numbers"), "{bad:?}");
            p.stage_workers = "AUTO".into();
            assert!(p.validate().is_ok());
        }
    }
}
