//! The share-nothing engine's side of the module (see `Kernel` in `experiments/mod.rs`):
//! each "process" Web Worker has its own instance and runs chunks it is sent;
//! the coordinator splits and merges. Built into both wasm builds, so that the
//! threaded build's browser tests can check that the two engines agree.

use wasm_bindgen::prelude::*;

use super::output::output_fields;
use super::request::request_from_js;
use crate::experiments::{inputs_made, PartResult, Partial};

/// How the coordinator splits the work among `workers`: `{ taskCount,
/// taskName, schedule, input?, inputPerTask?, dependencies?, broadcast?,
/// shuffle? }`. `input` (a Uint32Array) is data that must be sent with the
/// tasks: task t needs `input[t * inputPerTask ..][.. inputPerTask]`.
/// `dependencies[t]` lists the tasks that must be done before task t is sent.
/// `broadcast` (a Uint8Array) goes to every worker once. With `shuffle`
/// (`{ reducers, reducerName }`), chunks answer with buckets for the reducers.
#[wasm_bindgen(js_name = partition)]
pub fn partition(experiment: &str, params: JsValue, workers: usize) -> Result<JsValue, JsError> {
    let plan = request_from_js(experiment, params)?.kernel().plan(workers);
    let reply = js_sys::Object::new();
    set(&reply, "taskCount", &(plan.task_count as f64).into())?;
    set(&reply, "taskName", &plan.task_name.into())?;
    set(&reply, "schedule", &serde_wasm_bindgen::to_value(&plan.schedule)?)?;
    if let Some((input, per_task)) = plan.input {
        set(&reply, "input", &js_sys::Uint32Array::from(input.as_slice()).into())?;
        set(&reply, "inputPerTask", &(per_task as f64).into())?;
    }
    if let Some(dependencies) = plan.dependencies {
        set(&reply, "dependencies", &serde_wasm_bindgen::to_value(&dependencies)?)?;
    }
    if let Some(broadcast) = plan.broadcast {
        set(&reply, "broadcast", &js_sys::Uint8Array::from(broadcast.as_slice()).into())?;
    }
    if let Some(shuffle) = plan.shuffle {
        let about = js_sys::Object::new();
        set(&about, "reducers", &(shuffle.reducers as f64).into())?;
        set(&about, "reducerName", &shuffle.reducer_name.into())?;
        set(&reply, "shuffle", &about.into())?;
    }
    Ok(reply.into())
}

/// Makes and keeps the data that worker `worker` of `workers` will read
/// (see `Kernel::prepare`), before the run is timed; says whether there was any.
#[wasm_bindgen(js_name = preparePart)]
pub fn prepare_part(experiment: &str, params: JsValue, worker: usize, workers: usize) -> Result<bool, JsError> {
    #[cfg(not(target_feature = "atomics"))]
    install_panic_note();
    let request = request_from_js(experiment, params)?;
    Ok(request.kernel().prepare(Some((worker, workers))))
}

/// Runs one chunk of a run on `workers` processes on this worker: `{ partial, waitMs, waitHoldsWorker, madeInput }`.
/// `partial` is a Uint32Array, a BigUint64Array, a Uint8Array (encoded) or,
/// before a shuffle, an Array of Uint8Array buckets; the caller answers after
/// `waitMs`, and meanwhile runs no other chunk if `waitHoldsWorker`.
#[wasm_bindgen(js_name = runChunk)]
pub fn run_chunk(
    experiment: &str,
    params: JsValue,
    first: usize,
    count: usize,
    workers: usize,
    data: Option<Vec<u32>>,
    broadcast: Option<Vec<u8>>,
) -> Result<JsValue, JsError> {
    #[cfg(not(target_feature = "atomics"))]
    install_panic_note();
    let request = request_from_js(experiment, params)?;
    let inputs_before = inputs_made();
    let result = request.kernel().run_part(
        first..first + count,
        workers,
        data.unwrap_or_default(),
        &broadcast.unwrap_or_default(),
    );
    let reply: js_sys::Object = part_result_to_js(result)?.unchecked_into();
    set(&reply, "waitHoldsWorker", &request.kernel().wait_holds_worker().into())?;
    set(&reply, "madeInput", &(inputs_made() != inputs_before).into())?;
    Ok(reply.into())
}

/// Runs reducer `reducer` on the buckets (an Array of Uint8Array) that the chunks made for it.
#[wasm_bindgen(js_name = runReducer)]
pub fn run_reducer(
    experiment: &str,
    params: JsValue,
    reducer: usize,
    buckets: js_sys::Array,
) -> Result<JsValue, JsError> {
    #[cfg(not(target_feature = "atomics"))]
    install_panic_note();
    let request = request_from_js(experiment, params)?;
    let buckets = buckets
        .iter()
        .map(|b| b.dyn_into::<js_sys::Uint8Array>().map(|bytes| bytes.to_vec()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| JsError::new("a bucket for a reducer is not a Uint8Array"))?;
    part_result_to_js(request.kernel().run_reducer(reducer, buckets))
}

fn part_result_to_js(result: PartResult) -> Result<JsValue, JsError> {
    let reply = js_sys::Object::new();
    let partial: JsValue = match result.partial {
        Partial::Numbers(numbers) => js_sys::Uint32Array::from(numbers.as_slice()).into(),
        Partial::Values(values) => js_sys::BigUint64Array::from(values.as_slice()).into(),
        Partial::Encoded(bytes) => js_sys::Uint8Array::from(bytes.as_slice()).into(),
        Partial::Buckets(buckets) => buckets
            .iter()
            .map(|bucket| JsValue::from(js_sys::Uint8Array::from(bucket.as_slice())))
            .collect::<js_sys::Array>()
            .into(),
    };
    set(&reply, "partial", &partial)?;
    set(&reply, "waitMs", &(result.wait_ms as f64).into())?;
    Ok(reply.into())
}

/// Merges the chunks' partials, given in task order (or the reducers', in
/// reducer order): `{ checksum, details?, arrays }`.
#[wasm_bindgen(js_name = mergePartials)]
pub fn merge_partials(experiment: &str, params: JsValue, partials: js_sys::Array) -> Result<JsValue, JsError> {
    let request = request_from_js(experiment, params)?;
    let partials = partials.iter().map(partial_from_js).collect::<Result<Vec<_>, _>>()?;
    let output = request.kernel().merge_parts(partials).map_err(|message| JsError::new(&message))?;
    let merged = js_sys::Object::new();
    for (name, value) in output_fields(&output)? {
        set(&merged, name, &value)?;
    }
    Ok(merged.into())
}

fn partial_from_js(partial: JsValue) -> Result<Partial, JsError> {
    if let Some(values) = partial.dyn_ref::<js_sys::BigUint64Array>() {
        return Ok(Partial::Values(values.to_vec()));
    }
    if let Some(numbers) = partial.dyn_ref::<js_sys::Uint32Array>() {
        return Ok(Partial::Numbers(numbers.to_vec()));
    }
    if let Some(bytes) = partial.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(Partial::Encoded(bytes.to_vec()));
    }
    Err(JsError::new("a partial result is neither a Uint32Array, a BigUint64Array nor a Uint8Array"))
}

/// A panic traps right after its hook, so the hook leaves its message where
/// the worker's JavaScript finds it (`parlabPanic`) when the trap arrives.
/// (The threaded build reports panics its own way, see `report.rs`.)
#[cfg(not(target_feature = "atomics"))]
pub(super) fn install_panic_note() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let _ = js_sys::Reflect::set(&js_sys::global(), &"parlabPanic".into(), &info.to_string().into());
        }))
    });
}

fn set(object: &js_sys::Object, name: &str, value: &JsValue) -> Result<(), JsError> {
    js_sys::Reflect::set(object, &name.into(), value)
        .map(|_| ())
        .map_err(|_| JsError::new("could not build a result object"))
}
