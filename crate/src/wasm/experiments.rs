//! One entry point per experiment: parameters in as a JS object, a run out.

use wasm_bindgen::prelude::*;

use super::pool::{WorkerPool, CANCEL};
use super::report::{cancelled_to_js, run_to_js};
use crate::experiments::mandelbrot::MandelbrotParams;
use crate::schedule::{run_on_pool, Schedule};

fn parse<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("Bad {what}: {e}")))
}

#[wasm_bindgen]
impl WorkerPool {
    /// Escape counts of a Mandelbrot grid (`counts`, a Uint32Array, row-major)
    /// plus the work records of the run.
    #[wasm_bindgen(js_name = runMandelbrot)]
    pub fn run_mandelbrot(&self, params: JsValue, schedule: JsValue) -> Result<JsValue, JsError> {
        let params: MandelbrotParams = parse(params, "Mandelbrot parameters")?;
        params.validate().map_err(|m| JsError::new(&m))?;
        let schedule: Schedule = parse(schedule, "schedule")?;
        let run = run_on_pool(&self.pool, &params, schedule, &CANCEL).map_err(cancelled_to_js)?;
        let counts = js_sys::Uint32Array::from(run.output.as_slice());
        run_to_js(&run, &[("counts", counts.into())])
    }
}
