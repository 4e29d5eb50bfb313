//! The experiments as JavaScript sees them: a name and a parameter object in,
//! `{ workers, records, checksum, counts? }` out.

use wasm_bindgen::prelude::*;

use super::pool::{WorkerPool, CANCEL};
use super::report::{cancelled_to_js, run_to_js};
use crate::experiments::{Output, Request};

#[wasm_bindgen]
impl WorkerPool {
    /// Runs the experiment named `experiment` with `params` on this pool's workers.
    pub fn run(&self, experiment: &str, params: JsValue) -> Result<JsValue, JsError> {
        let named = js_sys::Object::new();
        js_sys::Reflect::set(&named, &"experiment".into(), &experiment.into())
            .map_err(|_| JsError::new("could not read the request"))?;
        js_sys::Reflect::set(&named, &"params".into(), &params)
            .map_err(|_| JsError::new("could not read the request"))?;
        let request: Request = serde_wasm_bindgen::from_value(named.into()).map_err(|e| match e.to_string() {
            message if message.contains("unknown variant") => {
                JsError::new(&format!("There is no experiment called \"{experiment}\"."))
            }
            message => JsError::new(&format!("Bad parameters for {experiment}: {message}")),
        })?;
        request.validate().map_err(|message| JsError::new(&message))?;
        let run = request.run(&self.pool, &CANCEL).map_err(cancelled_to_js)?;
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
