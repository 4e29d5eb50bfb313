//! Breakfast: synchronous, asynchronous, parallel. A small graph of tasks from
//! the course: brew coffee (5 minutes, the machine runs by itself), toast two
//! slices on a one-slice toaster (2 minutes each, the second after the first).
//! Some tasks need the cook's hands (pouring juice: work, CPU); others only need
//! the cook to wait for a machine (no CPU). Time is scaled: one minute lasts
//! `minute_ms` milliseconds.
//!
//! - synchronous: one cook does one task after the other and waits by each machine: 9 minutes;
//! - asynchronous: one cook starts a machine and, while it runs, starts the next
//!   task: 5 minutes on a single worker. This is concurrency without parallelism,
//!   run by a real (tiny) asynchronous executor: futures, wakers and timers, the
//!   thread sleeping until the earliest timer is due;
//! - parallel: k cooks take whichever task is ready (list scheduling).
//!
//! The graph travels as one line of text, e.g.
//! `coffee 5 machine; toast1 2 machine; toast2 2 machine after toast1; juice 1 hands`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering as Order;
use std::collections::{BinaryHeap, VecDeque};
use std::future::Future;
use std::hint::black_box;
use std::ops::Range;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use rayon::ThreadPool;
use serde::{Deserialize, Serialize};

use super::{values, Kernel, Output, PartResult, Partial, Plan};
use crate::clock::now_ms;
use crate::gil;
use crate::schedule::{Cancelled, RunControl, Schedule};
use crate::work::checksum;
use crate::recorder;
use crate::work_record::{Kind as Segment, Lane, LaneLog, Run};

/// The three ways to cook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Way {
    Synchronous,
    Asynchronous,
    Parallel,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct BreakfastParams {
    /// The task graph in its text form (see `parse_tasks`).
    pub tasks: String,
    pub way: Way,
    /// How long one simulated minute lasts.
    pub minute_ms: u32,
    /// How many breakfasts, each a copy of the graph (what scale-up grows).
    pub breakfasts: u32,
}

pub const MAX_TEXT: usize = 600;
pub const MAX_TASKS: usize = 20;
pub const MAX_NAME: usize = 24;
/// Durations are in tenths of a minute, from 0.1 to 60 minutes.
pub const MAX_TENTHS: u32 = 600;
pub const MAX_MINUTE_MS: u32 = 1000;
pub const MAX_BREAKFASTS: u32 = 64;

/// Whether a task keeps the cook busy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A machine runs by itself; the cook only waits for it (no CPU).
    Machine,
    /// The cook works with their hands (CPU).
    Hands,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub name: String,
    pub tenths: u32,
    pub kind: Kind,
    /// Indices of the tasks that must be done before this one starts.
    pub after: Vec<usize>,
}

/// Reads the text form: tasks separated by `;` or new lines, each
/// `name minutes machine|hands [after other, …]`. Tasks keep their written
/// order; `after` holds indices into it. Refuses unknown or duplicate names.
pub fn parse_tasks(text: &str) -> Result<Vec<Task>, String> {
    if text.len() > MAX_TEXT {
        return Err(format!("The task list must be at most {MAX_TEXT} characters (got {}).", text.len()));
    }
    let entries: Vec<&str> = text.split([';', '\n']).map(str::trim).filter(|e| !e.is_empty()).collect();
    if entries.is_empty() {
        return Err("The breakfast needs at least one task, e.g. \"coffee 5 machine\".".into());
    }
    if entries.len() > MAX_TASKS {
        return Err(format!("A breakfast has at most {MAX_TASKS} tasks (got {}).", entries.len()));
    }
    let mut written = Vec::new();
    for entry in entries {
        let words: Vec<&str> = entry.split([' ', '\t', ',']).filter(|w| !w.is_empty()).collect();
        let [name, minutes, kind, rest @ ..] = words.as_slice() else {
            return Err(format!(
                "\"{entry}\": write a task as \"name minutes machine|hands\", optionally followed by \"after other, …\"."
            ));
        };
        if name.len() > MAX_NAME || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return Err(format!("Task names are up to {MAX_NAME} letters, digits, - or _ (got \"{name}\")."));
        }
        let tenths = parse_tenths(minutes).ok_or_else(|| {
            format!("Task \"{name}\": the duration must be a number of minutes from 0.1 to 60, in tenths at most (got \"{minutes}\").")
        })?;
        let kind = match *kind {
            "machine" => Kind::Machine,
            "hands" => Kind::Hands,
            other => {
                return Err(format!(
                "Task \"{name}\": say \"machine\" (it runs by itself) or \"hands\" (the cook works), not \"{other}\"."
            ))
            }
        };
        let dependencies = match rest {
            [] => &[][..],
            ["after", names @ ..] if !names.is_empty() => names,
            _ => {
                return Err(format!(
                    "Task \"{name}\": after the kind, only \"after other, …\" may follow (got \"{}\").",
                    rest.join(" ")
                ))
            }
        };
        written.push((*name, tenths, kind, dependencies.to_vec()));
    }
    let mut tasks = Vec::with_capacity(written.len());
    for (i, (name, tenths, kind, dependencies)) in written.iter().enumerate() {
        if written[..i].iter().any(|(other, ..)| other == name) {
            return Err(format!("Two tasks are called \"{name}\": give each task its own name."));
        }
        let mut after = Vec::new();
        for dependency in dependencies {
            let index = written.iter().position(|(other, ..)| other == dependency).ok_or_else(|| {
                format!("Task \"{name}\" comes after \"{dependency}\", but there is no task called \"{dependency}\".")
            })?;
            if index == i {
                return Err(format!("Task \"{name}\" cannot come after itself."));
            }
            if !after.contains(&index) {
                after.push(index);
            }
        }
        tasks.push(Task { name: name.to_string(), tenths: *tenths, kind: *kind, after });
    }
    Ok(tasks)
}

/// "5" or "0.5" minutes as tenths of a minute, if inside the limits.
fn parse_tenths(minutes: &str) -> Option<u32> {
    let (whole, tenth) = minutes.split_once('.').unwrap_or((minutes, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(tenth) || tenth.len() != 1 || whole.len() > 3 {
        return None;
    }
    let tenths = whole.parse::<u32>().ok()? * 10 + tenth.parse::<u32>().ok()?;
    (1..=MAX_TENTHS).contains(&tenths).then_some(tenths)
}

/// The tasks in their canonical order: every task after those it waits for,
/// ties in written order (Kahn's algorithm). This is the synchronous cook's
/// order, and the order of the checksum. A cycle is refused, naming its tasks.
pub fn canonical_order(tasks: &[Task]) -> Result<Vec<Task>, String> {
    let mut placed = vec![None; tasks.len()];
    let mut order = Vec::with_capacity(tasks.len());
    while order.len() < tasks.len() {
        let ready = (0..tasks.len())
            .find(|&i| placed[i].is_none() && tasks[i].after.iter().all(|&d| placed[d].is_some()))
            .ok_or_else(|| describe_cycle(tasks, &placed))?;
        placed[ready] = Some(order.len());
        order.push(ready);
    }
    Ok(order
        .iter()
        .map(|&i| Task {
            after: tasks[i].after.iter().map(|&d| placed[d].expect("placed before its dependents")).collect(),
            ..tasks[i].clone()
        })
        .collect())
}

/// Follows unplaced dependencies from an unplaced task until one repeats: a cycle.
fn describe_cycle(tasks: &[Task], placed: &[Option<usize>]) -> String {
    let mut path = vec![placed.iter().position(Option::is_none).expect("some task is unplaced")];
    loop {
        let last = *path.last().expect("the path is never empty");
        let next = *tasks[last].after.iter().find(|&&d| placed[d].is_none()).expect("an unplaced task waits for one");
        if let Some(start) = path.iter().position(|&t| t == next) {
            let names: Vec<&str> = path[start..].iter().chain([&next]).map(|&t| tasks[t].name.as_str()).collect();
            return format!(
                "These tasks wait for each other in a circle, so none of them can ever start: {}.",
                names.join(" → ")
            );
        }
        path.push(next);
    }
}

/// One task's contribution to the checksum: its name, duration and kind.
fn task_value(task: &Task) -> u64 {
    let named = crate::work::fnv1a(task.name.as_bytes());
    named ^ u64::from(task.tenths) << 1 ^ u64::from(task.kind == Kind::Hands)
}

/// Sequential reference: the tasks in canonical order. A breakfast's result is
/// which tasks were done with which durations; when they ran is its timing.
pub fn sequential(graph: &[Task]) -> u64 {
    checksum(graph.iter().map(task_value))
}

impl BreakfastParams {
    /// The graph in canonical order, `breakfasts` copies of it one after the
    /// other (copies after the first get "#2", "#3", … in their names).
    pub fn graph(&self) -> Result<Vec<Task>, String> {
        let one = canonical_order(&parse_tasks(&self.tasks)?)?;
        let one = &one; // borrowed by every copy's iterator
        let copies = (0..self.breakfasts as usize).flat_map(|copy| {
            one.iter().map(move |task| Task {
                name: if copy == 0 { task.name.clone() } else { format!("{}#{}", task.name, copy + 1) },
                after: task.after.iter().map(|d| d + copy * one.len()).collect(),
                ..task.clone()
            })
        });
        Ok(copies.collect())
    }

    fn graph_checked(&self) -> Vec<Task> {
        self.graph().expect("the parameters were validated before running")
    }

    fn duration_ms(&self, task: &Task) -> f64 {
        f64::from(task.tenths) * f64::from(self.minute_ms) / 10.0
    }

    /// A task run to its end by the calling thread: a machine task is a wait
    /// that lets go of the GIL, a hands task is work with GIL checkpoints.
    fn run_blocking(&self, task: &Task) {
        let duration_ms = self.duration_ms(task);
        match task.kind {
            Kind::Machine => recorder::span(Segment::IoWait, waiting_for(task), 0..0, || {
                let start = now_ms();
                gil::released(|| sleep_until(start + duration_ms));
                recorder::elsewhere(MACHINES, Segment::IoWait, task.name.clone(), start, now_ms());
            }),
            Kind::Hands => recorder::span(Segment::Compute, task.name.clone(), 0..0, || work_for(duration_ms)),
        }
    }

    /// The facts of the result, the same on every engine: the way, the tasks
    /// and their total minutes, and how long a minute lasts. The page divides
    /// the measured time of the run by `minute_ms` to tell the breakfast's minutes.
    fn details(&self, graph: &[Task]) -> serde_json::Value {
        let tenths: u32 = graph.iter().map(|t| t.tenths).sum();
        serde_json::json!({
            "way": self.way,
            "tasks": graph.len(),
            "task_minutes": f64::from(tenths) / 10.0,
            "minute_ms": self.minute_ms,
        })
    }

    /// For the share-nothing engine: which earlier tasks each task must wait
    /// for. Synchronous is a chain (one thing at a time); asynchronous keeps
    /// the graph's order and chains the hands tasks (the cook has one pair of
    /// hands, machines run by themselves); parallel keeps the graph's order.
    fn dependencies(&self, graph: &[Task]) -> Vec<Vec<usize>> {
        let mut last_hands = None;
        graph
            .iter()
            .enumerate()
            .map(|(i, task)| match self.way {
                Way::Synchronous => (i > 0).then(|| i - 1).into_iter().collect(),
                Way::Parallel => task.after.clone(),
                Way::Asynchronous => {
                    let mut after = task.after.clone();
                    if task.kind == Kind::Hands {
                        after.extend(last_hands.filter(|h| !after.contains(h)));
                        last_hands = Some(i);
                    }
                    after
                }
            })
            .collect()
    }
}

/// The lane where the machines' runs are recorded, apart from the cooks': the
/// page draws one lane per machine from it (tasks named alike but for a trailing number share one).
pub const MACHINES: Lane = Lane::Named("machines");

fn waiting_for(task: &Task) -> Cow<'static, str> {
    Cow::Owned(format!("waiting for {}", task.name))
}

fn sleep_until(end_ms: f64) {
    let left = end_ms - now_ms();
    if left > 0.0 {
        std::thread::sleep(Duration::from_secs_f64(left / 1e3));
    }
}

/// The cook's hands at work for `ms` of computing: real CPU. Time spent
/// waiting for the GIL at a checkpoint is not work, so under a GIL the hands
/// of two cooks take turns instead of overlapping.
fn work_for(ms: f64) {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut worked = 0.0;
    while worked < ms {
        let start = now_ms();
        for _ in 0..2048 {
            x ^= x >> 29;
            x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        }
        black_box(x);
        worked += now_ms() - start;
        gil::checkpoint();
    }
}

/// Synchronous: one task after the other in canonical order, waiting by each machine.
fn cook_synchronously(params: &BreakfastParams, graph: &[Task], cancel: &AtomicBool) {
    for task in graph {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        params.run_blocking(task);
    }
}

/// Parallel: every worker takes the first ready task in canonical order; a
/// worker with nothing ready waits until a task is done. The board's lock is
/// only ever taken without the GIL, so a GIL holder never waits for it.
fn cook_in_parallel(params: &BreakfastParams, graph: &[Task], board: &Board, cancel: &AtomicBool) {
    while let Some(task) = gil::released(|| board.take_ready(graph, cancel)) {
        params.run_blocking(&graph[task]);
        gil::released(|| board.finish(task));
    }
}

/// Which tasks the parallel cooks have started and finished.
struct Board {
    state: Mutex<(Vec<bool>, Vec<bool>)>,
    changed: Condvar,
}

impl Board {
    fn new(tasks: usize) -> Board {
        Board { state: Mutex::new((vec![false; tasks], vec![false; tasks])), changed: Condvar::new() }
    }

    /// The first task whose dependencies are done, waiting for one if need be;
    /// None when every task is taken or the run is cancelled.
    fn take_ready(&self, graph: &[Task], cancel: &AtomicBool) -> Option<usize> {
        let mut state = self.state.lock().expect("no cook panics while holding the board");
        loop {
            let (started, done) = &mut *state;
            if cancel.load(Ordering::Relaxed) || started.iter().all(|&s| s) {
                return None;
            }
            if let Some(task) = (0..graph.len()).find(|&t| !started[t] && graph[t].after.iter().all(|&d| done[d])) {
                started[task] = true;
                return Some(task);
            }
            state = self.changed.wait(state).expect("no cook panics while holding the board");
        }
    }

    fn finish(&self, task: usize) {
        self.state.lock().expect("no cook panics while holding the board").1[task] = true;
        self.changed.notify_all();
    }
}

// --- The asynchronous cook: a tiny single-threaded executor -----------------

/// A machine's end, due at `due_ms`: the waker of the task that waits for it.
struct Timer {
    due_ms: f64,
    task: usize,
    waker: Waker,
}

// The heap is a max-heap: the earliest timer must compare greatest.
impl Ord for Timer {
    fn cmp(&self, other: &Self) -> Order {
        other.due_ms.total_cmp(&self.due_ms).then(other.task.cmp(&self.task))
    }
}

impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Self) -> Option<Order> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Timer {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Order::Equal
    }
}

impl Eq for Timer {}

/// What the task futures share with the executor: pending timers and which tasks are done.
struct Reactor {
    timers: RefCell<BinaryHeap<Timer>>,
    done: RefCell<Vec<bool>>,
    waiting_for: RefCell<Vec<Vec<Waker>>>,
}

impl Reactor {
    fn finish(&self, task: usize) {
        self.done.borrow_mut()[task] = true;
        for waker in self.waiting_for.borrow_mut()[task].drain(..) {
            waker.wake();
        }
    }
}

/// Resolves once task `task` is done.
struct Finished<'a> {
    reactor: &'a Reactor,
    task: usize,
}

impl Future for Finished<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.reactor.done.borrow()[self.task] {
            return Poll::Ready(());
        }
        self.reactor.waiting_for.borrow_mut()[self.task].push(cx.waker().clone());
        Poll::Pending
    }
}

/// Resolves at `due_ms`: the machine of task `task` has finished by itself.
struct MachineDone<'a> {
    reactor: &'a Reactor,
    task: usize,
    due_ms: f64,
}

impl Future for MachineDone<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if now_ms() >= self.due_ms {
            return Poll::Ready(());
        }
        // Polled before it is due (a sleep may end a little early): set the timer (again).
        let timer = Timer { due_ms: self.due_ms, task: self.task, waker: cx.waker().clone() };
        self.reactor.timers.borrow_mut().push(timer);
        Poll::Pending
    }
}

/// Wakes a task by putting it back on the executor's run queue.
struct Wakeup {
    task: usize,
    run_queue: Arc<Mutex<VecDeque<usize>>>,
}

impl Wake for Wakeup {
    fn wake(self: Arc<Self>) {
        self.run_queue.lock().expect("the run queue is never poisoned").push_back(self.task);
    }
}

type TaskFuture<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

/// Asynchronous: one thread polls one future per task. A task waits for its
/// dependencies, then either starts its machine and yields until its timer is
/// due, or works with the cook's hands (which blocks the thread, as work does).
/// With nothing to poll, the thread sleeps until the earliest timer.
fn cook_asynchronously(params: &BreakfastParams, graph: &[Task], cancel: &AtomicBool) {
    let reactor = Reactor {
        timers: RefCell::new(BinaryHeap::new()),
        done: RefCell::new(vec![false; graph.len()]),
        waiting_for: RefCell::new(vec![Vec::new(); graph.len()]),
    };
    let reactor = &reactor;
    let mut futures: Vec<Option<TaskFuture>> = graph
        .iter()
        .enumerate()
        .map(|(i, task)| {
            let future: TaskFuture = Box::pin(async move {
                for &dependency in &task.after {
                    Finished { reactor, task: dependency }.await;
                }
                match task.kind {
                    Kind::Machine => {
                        let started = now_ms();
                        MachineDone { reactor, task: i, due_ms: started + params.duration_ms(task) }.await;
                        // From switching the machine on to the cook seeing it done.
                        recorder::elsewhere(MACHINES, Segment::IoWait, task.name.clone(), started, now_ms());
                    }
                    Kind::Hands => recorder::span(Segment::Compute, task.name.clone(), 0..0, || {
                        work_for(params.duration_ms(task))
                    }),
                }
            });
            Some(future)
        })
        .collect();

    let run_queue = Arc::new(Mutex::new((0..graph.len()).collect::<VecDeque<_>>()));
    let wakers: Vec<Waker> =
        (0..graph.len()).map(|task| Arc::new(Wakeup { task, run_queue: Arc::clone(&run_queue) }).into()).collect();
    let mut unfinished = graph.len();
    while unfinished > 0 && !cancel.load(Ordering::Relaxed) {
        let next = run_queue.lock().expect("the run queue is never poisoned").pop_front();
        if let Some(task) = next {
            let Some(future) = futures[task].as_mut() else { continue };
            if future.as_mut().poll(&mut Context::from_waker(&wakers[task])).is_ready() {
                futures[task] = None;
                unfinished -= 1;
                reactor.finish(task);
            }
            continue;
        }
        // Nothing to do but wait for the machine that finishes first.
        let timer = reactor.timers.borrow_mut().pop().expect("an unfinished task waits for a machine (no cycles)");
        if timer.due_ms > now_ms() {
            recorder::span(Segment::IoWait, waiting_for(&graph[timer.task]), 0..0, || {
                gil::released(|| sleep_until(timer.due_ms))
            });
        }
        timer.waker.wake();
    }
    drop(futures);
}

impl Kernel for BreakfastParams {
    fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_MINUTE_MS).contains(&self.minute_ms) {
            return Err(format!("One minute must last from 1 to {MAX_MINUTE_MS} ms (got {}).", self.minute_ms));
        }
        if !(1..=MAX_BREAKFASTS).contains(&self.breakfasts) {
            return Err(format!(
                "The number of breakfasts must be from 1 to {MAX_BREAKFASTS} (got {}).",
                self.breakfasts
            ));
        }
        self.graph().map(|_| ())
    }

    /// Synchronous and asynchronous cook on worker 0 alone; parallel uses all k.
    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        let graph = self.graph_checked();
        let run_start = now_ms();
        let board = Board::new(graph.len());
        let per_worker = pool.broadcast(|ctx| {
            let worker = ctx.index();
            let cook = || match self.way {
                Way::Synchronous => cook_synchronously(self, &graph, control.cancel),
                Way::Asynchronous => cook_asynchronously(self, &graph, control.cancel),
                Way::Parallel => cook_in_parallel(self, &graph, &board, control.cancel),
            };
            let ((), log) = recorder::keeping(Lane::Worker(worker), run_start, || match (&control.gil, self.way) {
                (_, Way::Synchronous | Way::Asynchronous) if worker > 0 => {}
                (Some(gil), _) => gil::run_holding(gil, cook),
                (None, _) => cook(),
            });
            log
        });
        if control.cancel.load(Ordering::Relaxed) {
            return Err(Cancelled);
        }
        let output = Output { checksum: sequential(&graph), details: self.details(&graph), arrays: Vec::new() };
        let mut log = LaneLog::default();
        per_worker.into_iter().for_each(|worker_log| log.absorb(worker_log));
        Ok(Run::finished(output, pool.current_num_threads(), run_start, log))
    }

    /// A cook who stands by each machine runs nothing else meanwhile; the
    /// asynchronous cook goes on with its next task while the machine runs.
    fn wait_holds_worker(&self) -> bool {
        self.way != Way::Asynchronous
    }

    fn sequential(&self) -> Output {
        let graph = self.graph_checked();
        Output { checksum: sequential(&graph), details: self.details(&graph), arrays: Vec::new() }
    }

    fn plan(&self, _workers: usize) -> Plan {
        let graph = self.graph_checked();
        Plan {
            task_count: graph.len(),
            task_name: "tasks",
            schedule: Schedule::Dynamic { chunk: 1 },
            input: None,
            dependencies: Some(self.dependencies(&graph)),
            broadcast: None,
            shuffle: None,
        }
    }

    /// Hands tasks work here; a machine task is a wait without CPU, which the
    /// process waits out on a timer before it answers (`wait_ms`).
    fn run_part(&self, tasks: Range<usize>, _workers: usize, _: Vec<u32>, _broadcast: &[u8]) -> PartResult {
        let graph = self.graph_checked();
        let mut wait_ms = 0.0;
        let values = graph[tasks]
            .iter()
            .map(|task| {
                match task.kind {
                    Kind::Machine => wait_ms += self.duration_ms(task),
                    Kind::Hands => work_for(self.duration_ms(task)),
                }
                task_value(task)
            })
            .collect();
        PartResult { partial: Partial::Values(values), wait_ms: wait_ms.round() as u64 }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        let graph = self.graph_checked();
        let checksum = checksum(values(partials)?.into_iter().flatten());
        Ok(Output { checksum, details: self.details(&graph), arrays: Vec::new() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COURSE: &str = "coffee 5 machine; toast1 2 machine; toast2 2 machine after toast1";

    fn params(tasks: &str, way: Way, minute_ms: u32) -> BreakfastParams {
        BreakfastParams { tasks: tasks.into(), way, minute_ms, breakfasts: 1 }
    }

    fn pool(k: usize) -> ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap()
    }

    fn run(p: &BreakfastParams, k: usize) -> Run<Output> {
        p.validate().unwrap();
        p.run_threads(&pool(k), &RunControl::free(&AtomicBool::new(false))).unwrap()
    }

    /// The fewest minutes of three runs on a pool of `k`: a loaded machine only
    /// ever wakes a waiting cook late, so the fastest run is the least disturbed.
    fn fastest_minutes(p: &BreakfastParams, k: usize, control: &RunControl) -> f64 {
        let pool = pool(k);
        (0..3).map(|_| makespan(&p.run_threads(&pool, control).unwrap())).fold(f64::INFINITY, f64::min)
    }

    fn free() -> RunControl<'static> {
        static NEVER: AtomicBool = AtomicBool::new(false);
        RunControl::free(&NEVER)
    }

    /// Minutes from the cook's first step to the last, as the page measures them.
    fn makespan(run: &Run<Output>) -> f64 {
        let first = run.records.iter().map(|r| r.start_ms).fold(f64::INFINITY, f64::min);
        let last = run.records.iter().map(|r| r.end_ms).fold(0.0, f64::max);
        (last - first) / run.output.details["minute_ms"].as_f64().unwrap()
    }

    #[test]
    fn the_text_form_is_read_into_tasks() {
        let tasks = parse_tasks(
            "coffee 5 machine;\n toast1 2 machine; toast2 2.5 machine after toast1; juice 1 hands after coffee, toast2",
        )
        .unwrap();
        assert_eq!(tasks.len(), 4);
        assert_eq!(tasks[2], Task { name: "toast2".into(), tenths: 25, kind: Kind::Machine, after: vec![1] });
        assert_eq!(tasks[3].after, vec![0, 2]);
        assert_eq!(tasks[3].kind, Kind::Hands);
    }

    #[test]
    fn bad_graphs_get_a_message_naming_the_task() {
        let error = |text: &str| parse_tasks(text).and_then(|t| canonical_order(&t)).unwrap_err();
        assert!(error("toast2 2 machine after toast9").contains("\"toast2\" comes after \"toast9\""));
        assert!(error("coffee 5 machine; coffee 2 hands").contains("Two tasks are called \"coffee\""));
        assert!(error("coffee five machine").contains("Task \"coffee\": the duration"));
        assert!(error("coffee 0 machine").contains("Task \"coffee\": the duration"));
        assert!(error("coffee 61 machine").contains("Task \"coffee\": the duration"));
        assert!(error("coffee 5 robot").contains("\"machine\""));
        assert!(error("coffee 5").contains("write a task as"));
        assert!(error("coffee 5 machine before toast").contains("Task \"coffee\""));
        assert!(error("egg 3 machine after egg").contains("\"egg\" cannot come after itself"));
        assert!(error("").contains("at least one task"));
        assert_eq!(
            error("coffee 5 machine; a 1 hands after c; b 1 hands after a; c 1 hands after b"),
            "These tasks wait for each other in a circle, so none of them can ever start: a → c → b → a."
        );
    }

    #[test]
    fn the_canonical_order_puts_every_task_after_its_dependencies() {
        let tasks = parse_tasks("juice 1 hands after toast; toast 2 machine; coffee 5 machine").unwrap();
        let order: Vec<String> = canonical_order(&tasks).unwrap().into_iter().map(|t| t.name).collect();
        assert_eq!(order, ["toast", "juice", "coffee"]);
    }

    #[test]
    fn synchronous_takes_the_sum_and_asynchronous_the_critical_path_on_one_worker() {
        // 9 minutes of tasks whose longest chain is 5: the two times are compared
        // with each other and with the graph's own numbers, never with a clock constant.
        let sync = run(&params(COURSE, Way::Synchronous, 20), 1);
        let asynchronous = run(&params(COURSE, Way::Asynchronous, 20), 1);
        assert_eq!(sync.output.checksum, asynchronous.output.checksum);
        assert_eq!(sync.distinct_workers(), 1);
        assert_eq!(asynchronous.distinct_workers(), 1);
        // Waits never end early.
        assert!(makespan(&sync) >= 8.9 && makespan(&asynchronous) >= 4.9);
        let sync = fastest_minutes(&params(COURSE, Way::Synchronous, 20), 1, &free());
        let asynchronous = fastest_minutes(&params(COURSE, Way::Asynchronous, 20), 1, &free());
        assert!(asynchronous < 0.75 * sync, "asynchronous took {asynchronous} minutes, synchronous {sync}");
    }

    #[test]
    fn the_asynchronous_cook_interleaves_on_one_worker_and_waits_only_when_idle() {
        let p = params(&format!("{COURSE}; juice 1 hands"), Way::Asynchronous, 20);
        let run = run(&p, 2);
        let (machines, cook): (Vec<_>, Vec<_>) = run.records.iter().partition(|r| r.worker == MACHINES);
        assert!(cook.iter().all(|r| r.worker == Lane::Worker(0)));
        // The machines ran at once: coffee was on while both toasts were made.
        let machine = |name: &str| machines.iter().find(|r| r.what == name).map(|r| (r.start_ms, r.end_ms)).unwrap();
        assert!(machine("toast1").0 < machine("coffee").1 && machine("toast2").0 < machine("coffee").1, "{machines:?}");
        assert!(machine("toast2").0 >= machine("toast1").1);
        let kinds: Vec<&str> = cook.iter().map(|r| r.what.as_ref()).collect();
        // Juice is poured while coffee and toast run; then the cook waits for each
        // machine at most once (not at all if a late wake-up of the thread already
        // made it due).
        assert_eq!(kinds[0], "juice");
        let mut waits = kinds[1..].to_vec();
        waits.sort_unstable();
        waits.dedup();
        assert_eq!(waits.len(), kinds.len() - 1, "a machine was waited for twice: {kinds:?}");
        assert!(waits.iter().all(|w| ["waiting for toast1", "waiting for toast2", "waiting for coffee"].contains(w)));
    }

    #[test]
    fn with_only_hands_work_asynchronous_gains_nothing() {
        // One pair of hands: the three minutes of work never overlap, however the cook switches.
        let run = run(&params("a 1 hands; b 1 hands; c 1 hands", Way::Asynchronous, 10), 2);
        let mut spans: Vec<(f64, f64)> = run.records.iter().map(|r| (r.start_ms, r.end_ms)).collect();
        spans.sort_by(|x, y| x.0.total_cmp(&y.0));
        assert_eq!(spans.len(), 3);
        assert!(spans.windows(2).all(|w| w[1].0 >= w[0].1), "hands work overlapped: {spans:?}");
        assert!(makespan(&run) >= 3.0);
    }

    #[test]
    fn parallel_equals_the_sequential_reference_for_graphs_and_k() {
        let graphs =
            [COURSE, "egg 1 hands; juice 1 hands after egg; coffee 2 machine; toast 1 machine after coffee, egg"];
        for k in [1, 2, 3, 5] {
            for tasks in graphs {
                for breakfasts in [1, 3] {
                    let p = BreakfastParams { tasks: tasks.into(), way: Way::Parallel, minute_ms: 1, breakfasts };
                    let run = run(&p, k);
                    assert_eq!(run.output.checksum, sequential(&p.graph().unwrap()), "k={k} {tasks} ×{breakfasts}");
                    assert_eq!(run.output, p.sequential());
                }
            }
        }
    }

    /// The synchronous cook's fewest minutes for the same graph: what timing
    /// claims are compared with, so that a loaded machine slows both.
    fn synchronous_minutes(p: &BreakfastParams) -> f64 {
        fastest_minutes(&BreakfastParams { way: Way::Synchronous, ..p.clone() }, 1, &free())
    }

    #[test]
    fn parallel_cooks_respect_dependencies_and_overlap_the_machines() {
        let p = params(COURSE, Way::Parallel, 20);
        let run = run(&p, 3);
        let span = |what: &str| run.records.iter().find(|r| r.what == what).map(|r| (r.start_ms, r.end_ms)).unwrap();
        assert!(span("waiting for toast2").0 >= span("waiting for toast1").1);
        let (parallel, sync) = (fastest_minutes(&p, 3, &free()), synchronous_minutes(&p));
        assert!(parallel < 0.8 * sync, "three cooks took {parallel} minutes, one {sync}");
    }

    #[test]
    fn under_a_gil_the_waits_overlap_and_the_result_stays() {
        let p = params(COURSE, Way::Asynchronous, 20);
        let control = RunControl { cancel: &AtomicBool::new(false), gil: Some(gil::Gil::new(1.0)) };
        assert_eq!(p.run_threads(&pool(2), &control).unwrap().output.checksum, p.sequential().checksum);
        let (asynchronous, sync) = (fastest_minutes(&p, 2, &control), synchronous_minutes(&p));
        assert!(asynchronous < 0.8 * sync, "under a GIL asynchronous took {asynchronous} minutes, synchronous {sync}");
    }

    #[test]
    fn under_a_gil_the_hands_of_two_cooks_take_turns() {
        // Two minutes of hands work each, on two cooks: together without a GIL,
        // one after the other with it (waiting for the lock is not work).
        let p = params("egg 2 hands; juice 2 hands", Way::Parallel, 20);
        let control = RunControl { cancel: &AtomicBool::new(false), gil: Some(gil::Gil::new(1.0)) };
        let held = fastest_minutes(&p, 2, &control);
        assert!(held >= 3.9, "under a GIL two cooks' hands took {held} minutes for 4 of work");
    }

    #[test]
    fn the_share_nothing_dependencies_follow_the_way() {
        let p = params("coffee 5 machine; juice 1 hands; egg 3 hands after coffee", Way::Synchronous, 1);
        let graph = p.graph().unwrap();
        assert_eq!(p.dependencies(&graph), vec![vec![], vec![0], vec![1]]);
        assert_eq!(
            BreakfastParams { way: Way::Parallel, ..p.clone() }.dependencies(&graph),
            vec![vec![], vec![], vec![0]]
        );
        assert_eq!(
            BreakfastParams { way: Way::Asynchronous, ..p.clone() }.dependencies(&graph),
            vec![vec![], vec![], vec![0, 1]]
        );
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(params(COURSE, Way::Parallel, 0).validate().unwrap_err().contains("minute"));
        assert!(BreakfastParams { breakfasts: 0, ..params(COURSE, Way::Parallel, 10) }.validate().is_err());
        assert!(params("x 1 hands after y", Way::Parallel, 10).validate().unwrap_err().contains("\"y\""));
    }
}
