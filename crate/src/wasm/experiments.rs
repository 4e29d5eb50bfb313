//! The experiments as JavaScript sees them: a name and a parameter object in,
//! `{ workers, records, checksum, counts? }` out.

use wasm_bindgen::prelude::*;

use super::pool::{WorkerPool, CANCEL};
use super::report::{cancelled_to_js, run_to_js};
use super::request::request_from_js;
use crate::experiments::Output;

#[wasm_bindgen]
impl WorkerPool {
    /// Runs the experiment named `experiment` with `params` on this pool's workers.
    pub fn run(&self, experiment: &str, params: JsValue) -> Result<JsValue, JsError> {
        let request = request_from_js(experiment, params)?;
        let run = request.kernel().run_threads(&self.pool, &CANCEL).map_err(cancelled_to_js)?;
        let checksum = JsValue::from_str(&run.output.checksum().to_string());
        match &run.output {
            Output::Picture(counts) => run_to_js(
                &run,
                &[("counts", js_sys::Uint32Array::from(counts.as_slice()).into()), ("checksum", checksum)],
            ),
            Output::Checksum(_) => run_to_js(&run, &[("checksum", checksum)]),
        }
    }
}
