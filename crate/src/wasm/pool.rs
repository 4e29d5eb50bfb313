//! Pools of any size k, as often as wanted, in one page.
//!
//! A rayon pool normally spawns its own OS threads; wasm has none. Instead,
//! helper Web Workers (started by `js/helpers.js`) share this module and its
//! memory, and each one waits on one process-wide queue for a rayon
//! `ThreadBuilder`, runs it for as long as its pool lives, then waits again.
//! `WorkerPool::new(k)` puts k builders on that queue, so the pool's k threads
//! are k distinct helpers; dropping the pool hands the helpers back. Helpers
//! are reused, so within a sweep only the first pool of a given size pays for
//! starting Web Workers. Helpers live as long as the engine's worker: the page
//! ends them all by replacing an idle engine with a fresh one (web/src/engine/engine.js).

use std::sync::atomic::AtomicBool;
use std::sync::OnceLock;

use crossbeam_channel::{unbounded, Receiver, Sender};
use js_sys::Promise;
use rayon::{ThreadBuilder, ThreadPool};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = startHelpers)]
    fn start_helper_workers(
        module: JsValue,
        memory: JsValue,
        glue_url: &str,
        crash_channel: &str,
        count: usize,
        stack_bytes: usize,
    ) -> Promise;

    // How many helpers `startHelpers(count)` would start.
    #[wasm_bindgen(js_name = helpersMissing)]
    fn helpers_missing(count: usize) -> usize;

    #[wasm_bindgen(js_name = liveHelpers)]
    fn live_helper_workers() -> usize;

    #[wasm_bindgen(js_name = loadHelperScripts)]
    fn load_helper_scripts(glue_url: &str) -> Promise;
}

#[wasm_bindgen]
extern "C" {
    // The URL of the wasm-bindgen glue module, which each helper imports.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

/// What a waiting helper receives: a pool thread to run.
type HelperQueue = (Sender<ThreadBuilder>, Receiver<ThreadBuilder>);

fn helper_queue() -> &'static HelperQueue {
    static QUEUE: OnceLock<HelperQueue> = OnceLock::new();
    QUEUE.get_or_init(unbounded)
}

/// The stack every helper's glue allocates for it as it starts (wasm-bindgen's
/// default, stated here so that the heap can be made ready for it).
const HELPER_STACK_BYTES: usize = 2 << 20;
/// Room for what else one thread allocates as it starts, whether a helper
/// (thread-local block, channel context) or a pool's thread (rayon's deque and
/// bookkeeping): far more than they take.
const THREAD_START_BYTES: usize = 64 << 10;

/// Raised from JavaScript (through `cancelFlagAddress`) to stop a running experiment between chunks.
pub(crate) static CANCEL: AtomicBool = AtomicBool::new(false);

/// Makes sure at least `count` helper Web Workers exist and wait for work,
/// starting the missing ones all at once. Resolves with the times
/// (`performance.now()`) at which the new ones were ready, in order. A helper
/// that panics announces it on the BroadcastChannel named `crash_channel`,
/// because the thread that waits for its pool is blocked and cannot hear it.
#[wasm_bindgen(js_name = startHelpers)]
pub fn start_helpers(count: usize, crash_channel: &str) -> Promise {
    crate::wasm::report::install_panic_reporter();
    make_room(helpers_missing(count), HELPER_STACK_BYTES + THREAD_START_BYTES);
    let glue_url = GLUE_URL.with(String::clone);
    start_helper_workers(
        wasm_bindgen::module(),
        wasm_bindgen::memory(),
        &glue_url,
        crash_channel,
        count,
        HELPER_STACK_BYTES,
    )
}

/// Makes sure the heap has room for `threads` blocks of `bytes`, growing the
/// shared memory now, while no helper runs, rather than while threads start.
/// In Chromium, a wasm thread that runs (is not parked in a wait) while another
/// thread grows the shared memory keeps the smaller size for its bulk-memory
/// instructions until it next waits: a `memory.copy` or `memory.fill` into the
/// new pages traps, as one helper did while a pool of 64 started
/// (docs/performance.md, "A start-up that trapped"). Helpers starting and pool
/// threads starting all run and allocate at once; with the room made first,
/// none of them grows the memory.
fn make_room(threads: usize, bytes: usize) {
    // One block per thread, as the threads will ask, so that free blocks the
    // heap already has are used first and the memory grows only by what they
    // lack. Freed at once, they stay in the heap (wasm memory never shrinks)
    // for the threads to allocate. A memory that cannot grow so far is
    // reported by those allocations themselves.
    let mut blocks: Vec<Vec<u8>> = Vec::with_capacity(threads);
    for _ in 0..threads {
        let mut block = Vec::new();
        if block.try_reserve_exact(bytes).is_err() {
            break;
        }
        blocks.push(block);
    }
}

/// Loads the scripts that every helper runs, once per engine, as the module
/// itself is: then a pool's start-up is its helpers' own, not a download.
#[wasm_bindgen(js_name = prepareHelpers)]
pub fn prepare_helpers() -> Promise {
    load_helper_scripts(&GLUE_URL.with(String::clone))
}

/// How many helper Web Workers are alive (started and not ended), whether
/// they serve a pool or wait: the engine's honest count of what it holds.
#[wasm_bindgen(js_name = liveHelpers)]
pub fn live_helpers() -> usize {
    live_helper_workers()
}

/// The body of every helper Web Worker: run one pool thread after another,
/// for as long as the engine lives (the queue is never closed).
#[wasm_bindgen(js_name = runHelper)]
pub fn run_helper() {
    crate::wasm::report::install_panic_reporter();
    let (_, receiver) = helper_queue();
    while let Ok(thread) = receiver.recv() {
        thread.run();
    }
}

/// Address of the cancel flag in the shared memory, so that the page can raise
/// it with `Atomics.store` while a run blocks the engine's worker.
#[wasm_bindgen(js_name = cancelFlagAddress)]
pub fn cancel_flag_address() -> usize {
    CANCEL.as_ptr() as usize
}

/// A rayon pool whose k threads are k helper Web Workers. Start at least k
/// helpers (`startHelpers`) before building one, and `free()` it when done so
/// that its helpers serve the next pool.
#[wasm_bindgen]
pub struct WorkerPool {
    pub(crate) pool: ThreadPool,
}

#[wasm_bindgen]
impl WorkerPool {
    #[wasm_bindgen(constructor)]
    pub fn new(size: usize) -> Result<WorkerPool, JsError> {
        if size == 0 {
            return Err(JsError::new("A pool needs at least one worker."));
        }
        make_room(size, THREAD_START_BYTES);
        let (sender, _) = helper_queue();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(size)
            .spawn_handler(|thread| {
                sender.send(thread).expect("the helper queue lives as long as the module");
                Ok(())
            })
            .build()
            .map_err(|e| JsError::new(&format!("Could not build a pool of {size} workers: {e}")))?;
        // rayon starts the threads in the background, on helpers that may still
        // be ending the previous pool's threads. Wait until every one runs, so
        // that their start counts in the pool's build time and not in the first
        // timed run (a sweep alternates k, so half of its runs have a new pool).
        pool.broadcast(|_| ());
        Ok(WorkerPool { pool })
    }

    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.pool.current_num_threads()
    }
}
