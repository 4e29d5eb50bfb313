//! The crate inside headless Chromium, in a dedicated worker (where blocking
//! waits are allowed), on real helper Web Workers sharing the module's memory.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, Uint32Array};
use parlab::data::Skew;
use parlab::experiments::{counter, fork_join, image_batch, join, mandelbrot, requests, toasts, word_count, Kernel};
use parlab::schedule::Schedule;
use parlab::wasm::pool::{live_helpers, start_helpers, WorkerPool};
use parlab::work::checksum;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const MANDELBROT: mandelbrot::MandelbrotParams = mandelbrot::MandelbrotParams { width: 96, height: 64, max_iter: 300 };

async fn helpers(count: usize) {
    JsFuture::from(start_helpers(count, "parlab-browser-test")).await.expect("helpers start");
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &name.into()).unwrap()
}

fn run(pool: &WorkerPool, experiment: &str, params: &impl Serialize) -> Result<JsValue, String> {
    let params = serde_wasm_bindgen::to_value(params).unwrap();
    pool.run(experiment, params, None).map_err(|e| JsValue::from(e).unchecked_into::<js_sys::Error>().message().into())
}

fn mandelbrot_params(grid: &mandelbrot::MandelbrotParams, schedule: Schedule) -> JsValue {
    let params = serde_wasm_bindgen::to_value(grid).unwrap();
    Reflect::set(&params, &"schedule".into(), &serde_wasm_bindgen::to_value(&schedule).unwrap()).unwrap();
    params
}

/// Workers of the pool that ran something (the merge lane, a name, is not one of them).
fn distinct_workers(result: &JsValue) -> usize {
    let mut workers: Vec<u32> = field(result, "records")
        .unchecked_into::<Array>()
        .iter()
        .filter_map(|r| field(&r, "worker").as_f64())
        .map(|worker| worker as u32)
        .collect();
    workers.sort_unstable();
    workers.dedup();
    workers.len()
}

fn checksum_of(result: &JsValue) -> String {
    field(result, "checksum").as_string().unwrap()
}

#[wasm_bindgen_test]
fn partitions_of_a_large_table_do_not_overflow_a_32_bit_usize() {
    assert_eq!(parlab::data::part_range(4095, 4096, 8 << 20), (8 << 20) - 2048..8 << 20);
}

#[wasm_bindgen_test]
async fn pools_of_different_sizes_run_on_exactly_k_workers_and_match_the_reference() {
    helpers(3).await;
    let reference = mandelbrot::sequential(&MANDELBROT);
    for k in [1, 3, 2, 1] {
        let pool = WorkerPool::new(k).unwrap();
        for schedule in [Schedule::StaticBlocks, Schedule::Dynamic { chunk: 1 }] {
            let result = pool.run("mandelbrot", mandelbrot_params(&MANDELBROT, schedule), None).map_err(JsValue::from).unwrap();
            let counts = field(&field(&result, "arrays"), "counts").unchecked_into::<Uint32Array>().to_vec();
            assert_eq!(counts, reference, "k={k} {schedule:?}");
            if schedule == Schedule::StaticBlocks {
                assert_eq!(distinct_workers(&result), k, "k={k}");
            }
        }
    }
}

/// Runs Mandelbrot in static blocks on `pool`: the reference picture, from exactly k workers.
fn assert_runs_on_exactly(pool: &WorkerPool, k: usize, reference: &[u32], when: &str) {
    let result =
        pool.run("mandelbrot", mandelbrot_params(&MANDELBROT, Schedule::StaticBlocks), None).map_err(JsValue::from).unwrap();
    let counts = field(&field(&result, "arrays"), "counts").unchecked_into::<Uint32Array>().to_vec();
    assert_eq!(counts, reference, "{when}");
    assert_eq!(distinct_workers(&result), k, "{when}");
}

/// A wasm thread that runs while another grows the shared memory keeps the
/// smaller size for its bulk-memory instructions, and traps on the new pages
/// (docs/performance.md, "A start-up that trapped"): helpers, which run as
/// they start, must find the heap ready. 64 new helpers need 128 MiB of
/// stacks, more than earlier tests leave free.
#[wasm_bindgen_test]
async fn helpers_start_without_growing_the_memory() {
    let before = live_helpers();
    let count = before + 64;
    let starting = start_helpers(count, "parlab-browser-test");
    let pages = core::arch::wasm32::memory_size(0);
    JsFuture::from(starting).await.expect("helpers start");
    assert_eq!(core::arch::wasm32::memory_size(0), pages, "64 helpers grew the memory as they started");
}

#[wasm_bindgen_test]
async fn every_experiment_matches_its_sequential_reference_on_two_workers() {
    helpers(2).await;
    let pool = WorkerPool::new(2).unwrap();

    let toast = toasts::ToastParams { toasts: 50, toast_work: 5, chunk_overhead: 1, toasts_per_chunk: 4, seed: 3 };
    assert_eq!(checksum_of(&run(&pool, "toasts", &toast).unwrap()), toasts::sequential(&toast).to_string());

    // The waits block helper workers for real (memory.atomic.wait32 with a timeout).
    let request = requests::RequestParams { requests: 12, wait_ms: 5, request_work: 1, seed: 4 };
    let result = run(&pool, "requests", &request).unwrap();
    assert_eq!(checksum_of(&result), requests::sequential(&request).to_string());
    assert_eq!(distinct_workers(&result), 2);

    let sort = fork_join::SortParams { elements: 20_000, cutoff: 1000, seed: 5 };
    let sorted = fork_join::sequential(&sort);
    assert_eq!(
        checksum_of(&run(&pool, "fork_join", &sort).unwrap()),
        checksum(sorted.iter().map(|&v| u64::from(v))).to_string()
    );

    let count =
        counter::CounterParams { increments: 300_000, strategy: counter::Strategy::Lock, increments_per_chunk: 10_000 };
    assert_eq!(checksum_of(&run(&pool, "counter", &count).unwrap()), "300000");
    // The race's count is whatever the run left in the counter: reported, with the updates it lost.
    let race = counter::CounterParams { strategy: counter::Strategy::Unsynchronized, ..count };
    let details = field(&run(&pool, "counter", &race).unwrap(), "details");
    let number = |name: &str| field(&details, name).as_f64().unwrap();
    assert_eq!((number("expected"), number("obtained") + number("lost")), (300_000.0, 300_000.0));
}

#[wasm_bindgen_test]
async fn bad_input_becomes_a_readable_error() {
    helpers(1).await;
    let pool = WorkerPool::new(1).unwrap();
    let params = mandelbrot_params(&MANDELBROT, Schedule::StaticBlocks);
    Reflect::set(&params, &"width".into(), &0.into()).unwrap();
    let message = String::from(
        pool.run("mandelbrot", params, None)
            .map_err(JsValue::from)
            .unwrap_err()
            .unchecked_into::<js_sys::Error>()
            .message(),
    );
    assert!(message.contains("between 1 and 4096"), "{message}");
    assert!(run(&pool, "toasts", &"nonsense").unwrap_err().contains("Bad parameters for toasts"));
    assert!(run(&pool, "no_such_thing", &()).unwrap_err().contains("no experiment called"));
}

#[wasm_bindgen_test]
async fn dispatch_is_timed_on_pools_of_one_and_two_helpers() {
    helpers(2).await;
    for k in [1, 2] {
        let pool = WorkerPool::new(k).unwrap();
        for idle_us in [0, 500] {
            let times = pool.measure_dispatch(100, 3, idle_us);
            assert_eq!(times.len(), 100, "k={k}, idle {idle_us} µs");
            assert!(times.iter().all(|&t| t >= 0.0 && t.is_finite()), "k={k}, idle {idle_us} µs: {times:?}");
        }
        // The pool still runs work on all k helpers after being timed.
        let result =
            pool.run("mandelbrot", mandelbrot_params(&MANDELBROT, Schedule::StaticBlocks), None).map_err(JsValue::from).unwrap();
        assert_eq!(distinct_workers(&result), k, "k={k}");
    }
}

/// Runs `experiment` the way the processes engine does on `workers` workers,
/// through the exported share-nothing entry points: prepare, partition, one
/// call per chunk (data copied in and out as a message would), the reducers of
/// a shuffle, merge.
fn run_as_processes(experiment: &str, params: &JsValue, workers: usize, chunk: usize) -> String {
    use parlab::wasm::processes::{merge_partials, partition, prepare_part, run_chunk, run_reducer};
    for worker in 0..workers {
        prepare_part(experiment, params.clone(), worker, workers).map_err(JsValue::from).unwrap();
    }
    let plan = partition(experiment, params.clone(), workers).map_err(JsValue::from).unwrap();
    let tasks = field(&plan, "taskCount").as_f64().unwrap() as usize;
    let input = field(&plan, "input").dyn_into::<Uint32Array>().ok().map(|a| a.to_vec());
    let per_task = field(&plan, "inputPerTask").as_f64().unwrap_or(0.0) as usize;
    let broadcast = field(&plan, "broadcast").dyn_into::<js_sys::Uint8Array>().ok().map(|b| b.to_vec());
    let mut partials = Array::new();
    for first in (0..tasks).step_by(chunk) {
        let count = chunk.min(tasks - first);
        let data = input
            .as_ref()
            .map(|all| all[(first * per_task).min(all.len())..((first + count) * per_task).min(all.len())].to_vec());
        let reply = run_chunk(experiment, params.clone(), first, count, workers, data, broadcast.clone())
            .map_err(JsValue::from)
            .unwrap();
        partials.push(&field(&reply, "partial"));
    }
    let shuffle = field(&plan, "shuffle");
    if !shuffle.is_undefined() {
        let reducers = field(&shuffle, "reducers").as_f64().unwrap() as usize;
        let reduced = Array::new();
        for reducer in 0..reducers {
            let buckets: Array = partials.iter().map(|buckets| Array::from(&buckets).get(reducer as u32)).collect();
            let reply = run_reducer(experiment, params.clone(), reducer, buckets).map_err(JsValue::from).unwrap();
            reduced.push(&field(&reply, "partial"));
        }
        partials = reduced;
    }
    checksum_of(&merge_partials(experiment, params.clone(), partials).map_err(JsValue::from).unwrap())
}

#[wasm_bindgen_test]
async fn the_processes_form_gives_the_same_results_as_the_threads_engine() {
    helpers(2).await;
    let pool = WorkerPool::new(2).unwrap();
    let cases: [(&str, JsValue); 7] = [
        ("mandelbrot", mandelbrot_params(&MANDELBROT, Schedule::Dynamic { chunk: 1 })),
        (
            "toasts",
            serde_wasm_bindgen::to_value(&toasts::ToastParams {
                toasts: 30,
                toast_work: 2,
                chunk_overhead: 0,
                toasts_per_chunk: 1,
                seed: 8,
            })
            .unwrap(),
        ),
        (
            "requests",
            serde_wasm_bindgen::to_value(&requests::RequestParams {
                requests: 9,
                wait_ms: 1,
                request_work: 1,
                seed: 8,
            })
            .unwrap(),
        ),
        (
            "fork_join",
            serde_wasm_bindgen::to_value(&fork_join::SortParams { elements: 5000, cutoff: 512, seed: 8 }).unwrap(),
        ),
        (
            "image_batch",
            serde_wasm_bindgen::to_value(&image_batch::ImageBatchParams {
                images: 7,
                side: 37,
                thumb_side: 10,
                images_per_chunk: 2,
                seed: 8,
                pixels: image_batch::Pixels::Read,
            })
            .unwrap(),
        ),
        (
            "image_batch",
            serde_wasm_bindgen::to_value(&image_batch::ImageBatchParams {
                images: 7,
                side: 37,
                thumb_side: 10,
                images_per_chunk: 2,
                seed: 8,
                pixels: image_batch::Pixels::Sent,
            })
            .unwrap(),
        ),
        // A data experiment with a shuffle: buckets from the map chunks to the reducers.
        (
            "word_count",
            serde_wasm_bindgen::to_value(&word_count::WordCountParams {
                words: 3000,
                vocabulary: 200,
                word_skew: parlab::data::Skew(1.5),
                combiner: false,
                seed: 8,
            })
            .unwrap(),
        ),
    ];
    for (experiment, params) in cases {
        let threads = checksum_of(&pool.run(experiment, params.clone(), None).map_err(JsValue::from).unwrap());
        for chunk in [1, 3] {
            assert_eq!(run_as_processes(experiment, &params, 2, chunk), threads, "{experiment} chunk={chunk}");
        }
    }
}

#[wasm_bindgen_test]
async fn the_join_on_a_pool_equals_its_share_nothing_form_and_its_sequential_reference() {
    helpers(2).await;
    let pool = WorkerPool::new(2).unwrap();
    for strategy in [join::JoinStrategy::Broadcast, join::JoinStrategy::Repartition] {
        let join = join::JoinParams { orders: 20_000, customers: 700, customer_skew: Skew(1.5), strategy, seed: 3 };
        let params = serde_wasm_bindgen::to_value(&join).unwrap();
        let reference = join.sequential().checksum.to_string();
        let threads = pool.run("join", params.clone(), None).map_err(JsValue::from).unwrap();
        assert_eq!(checksum_of(&threads), reference, "{strategy:?} on the pool");
        assert_eq!(distinct_workers(&threads), 2, "{strategy:?}");
        for chunk in [1, 2] {
            assert_eq!(
                run_as_processes("join", &params, 2, chunk),
                reference,
                "{strategy:?} share-nothing, chunk={chunk}"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn under_a_gil_the_result_is_the_same_and_the_waits_for_the_lock_are_recorded() {
    helpers(2).await;
    let pool = WorkerPool::new(2).unwrap();
    // Tens of milliseconds of rows: a run of 2 ms on a pool's first use could
    // end on one worker before the other woke, with no wait for the GIL at all.
    let grid = mandelbrot::MandelbrotParams { width: 256, height: 192, max_iter: 1000 };
    let params = mandelbrot_params(&grid, Schedule::Dynamic { chunk: 1 });
    let free = pool.run("mandelbrot", params.clone(), None).map_err(JsValue::from).unwrap();
    let held = pool.run("mandelbrot", params, Some(0.2)).map_err(JsValue::from).unwrap();
    assert_eq!(checksum_of(&held), checksum_of(&free));
    let waits = field(&held, "records")
        .unchecked_into::<Array>()
        .iter()
        .filter(|r| {
            field(r, "kind").as_string().as_deref() == Some("gil_wait")
                && field(r, "what").as_string().as_deref() == Some(parlab::gil::GIL_WAIT)
        })
        .count();
    assert!(waits >= 2, "only {waits} waits for the GIL were recorded");
    // The exact totals travel beside the segments, with the run's span.
    let span_ms = field(&held, "spanMs").as_f64().unwrap();
    let gil_ms: f64 = field(&held, "totals")
        .unchecked_into::<Array>()
        .iter()
        .filter(|t| field(t, "kind").as_string().as_deref() == Some("gil_wait"))
        .map(|t| field(&t, "ms").as_f64().unwrap())
        .sum();
    assert!(gil_ms > 0.0 && span_ms > 0.0, "GIL waits of {gil_ms} ms in a run of {span_ms} ms");
    let sort = serde_wasm_bindgen::to_value(&fork_join::SortParams { elements: 5000, cutoff: 512, seed: 8 }).unwrap();
    let refused = pool.run("fork_join", sort, Some(5.0)).map_err(JsValue::from).unwrap_err();
    assert!(String::from(refused.unchecked_into::<js_sys::Error>().message()).contains("cannot run under a GIL"));
}
