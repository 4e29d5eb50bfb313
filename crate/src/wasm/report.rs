//! Turning threaded runs, and their panics, into what JavaScript understands.

use std::sync::Once;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::schedule::Cancelled;
use crate::work_record::Run;

#[wasm_bindgen(module = "/js/helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = reportPanic)]
    fn report_panic(message: &str);
}

/// With panic=abort a panic traps right after the hook, so the hook is the
/// only place where its message can still be read.
pub fn install_panic_reporter() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| std::panic::set_hook(Box::new(|info| report_panic(&info.to_string()))));
}

/// A JS object `{ workers, records, totals, spanMs, ...output_fields }` for a finished run.
pub fn run_to_js<T>(run: &Run<T>, output_fields: &[(&str, JsValue)]) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Evidence<'a> {
        workers: usize,
        records: &'a [crate::work_record::WorkRecord],
        totals: &'a [crate::work_record::Total],
        span_ms: f64,
    }
    let evidence = Evidence { workers: run.workers, records: &run.records, totals: &run.totals, span_ms: run.span_ms };
    let object = serde_wasm_bindgen::to_value(&evidence)?;
    for (name, value) in output_fields {
        js_sys::Reflect::set(&object, &JsValue::from_str(name), value)
            .map_err(|_| JsError::new("could not build the result object"))?;
    }
    Ok(object)
}

/// What a cancelled run throws. The coordinator (web/src/engine/engine-worker.js)
/// compares an error's message with `cancelledMessage()` and answers the page
/// with a cancellation, not a failure (web/src/engine/cancellation.js).
const CANCELLED_MESSAGE: &str = "The run was cancelled.";

pub fn cancelled_to_js(_: Cancelled) -> JsError {
    JsError::new(CANCELLED_MESSAGE)
}

#[wasm_bindgen(js_name = cancelledMessage)]
pub fn cancelled_message() -> String {
    CANCELLED_MESSAGE.to_string()
}
