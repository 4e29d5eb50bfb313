//! The crate inside headless Chromium, in a dedicated worker (where blocking
//! waits are allowed), on real helper Web Workers sharing the module's memory.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, Uint32Array};
use parlab::experiments::mandelbrot::{sequential, MandelbrotParams};
use parlab::schedule::Schedule;
use parlab::wasm::pool::{start_helpers, WorkerPool};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const PARAMS: MandelbrotParams = MandelbrotParams { width: 96, height: 64, max_iter: 300 };

async fn helpers(count: usize) {
    JsFuture::from(start_helpers(count, "parlab-browser-test")).await.expect("helpers start");
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &name.into()).unwrap()
}

fn run(pool: &WorkerPool, schedule: Schedule) -> JsValue {
    let params = serde_wasm_bindgen::to_value(&PARAMS).unwrap();
    let schedule = serde_wasm_bindgen::to_value(&schedule).unwrap();
    pool.run_mandelbrot(params, schedule).map_err(JsValue::from).expect("run succeeds")
}

fn distinct_workers(result: &JsValue) -> usize {
    let mut workers: Vec<u32> =
        field(result, "records").unchecked_into::<Array>().iter().map(|r| field(&r, "worker").as_f64().unwrap() as u32).collect();
    workers.sort_unstable();
    workers.dedup();
    workers.len()
}

#[wasm_bindgen_test]
async fn pools_of_different_sizes_run_on_exactly_k_workers_and_match_the_reference() {
    helpers(3).await;
    let reference = sequential(&PARAMS);
    for k in [1, 3, 2, 1] {
        let pool = WorkerPool::new(k).unwrap();
        for schedule in [Schedule::StaticBlocks, Schedule::Dynamic { chunk: 1 }] {
            let result = run(&pool, schedule);
            let counts = field(&result, "counts").unchecked_into::<Uint32Array>().to_vec();
            assert_eq!(counts, reference, "k={k} {schedule:?}");
            if schedule == Schedule::StaticBlocks {
                assert_eq!(distinct_workers(&result), k, "k={k}");
            }
        }
    }
}

#[wasm_bindgen_test]
async fn bad_parameters_become_a_readable_error() {
    helpers(1).await;
    let pool = WorkerPool::new(1).unwrap();
    let params = serde_wasm_bindgen::to_value(&MandelbrotParams { width: 0, height: 10, max_iter: 10 }).unwrap();
    let schedule = serde_wasm_bindgen::to_value(&Schedule::StaticBlocks).unwrap();
    let error: js_sys::Error = JsValue::from(pool.run_mandelbrot(params, schedule).unwrap_err()).unchecked_into();
    assert!(String::from(error.message()).contains("between 1 and 4096"), "{:?}", error.message());
}
