//! The experiments as JavaScript sees them: a name, a parameter object and an
//! optional GIL switch interval in, `{ workers, records, checksum, details?, arrays }` out.

use wasm_bindgen::prelude::*;

use super::output::output_fields;
use super::pool::{WorkerPool, CANCEL};
use super::report::{cancelled_to_js, run_to_js};
use super::request::request_from_js;
use crate::gil::{Gil, SWITCH_INTERVAL_MS};
use crate::schedule::RunControl;

#[wasm_bindgen]
impl WorkerPool {
    /// Runs the experiment named `experiment` with `params` on this pool's
    /// workers; with `gil_switch_interval_ms`, under a GIL that is handed over
    /// at that interval.
    pub fn run(
        &self,
        experiment: &str,
        params: JsValue,
        gil_switch_interval_ms: Option<f64>,
    ) -> Result<JsValue, JsError> {
        let request = request_from_js(experiment, params)?;
        let kernel = request.kernel();
        let gil = match gil_switch_interval_ms {
            None => None,
            Some(_) if !kernel.supports_gil() => {
                return Err(JsError::new(&format!(
                    "{experiment} cannot run under a GIL: its workers wait for each other inside the pool, and one that waited while holding the lock would stop all the others."
                )))
            }
            Some(ms) if !SWITCH_INTERVAL_MS.contains(&ms) => {
                return Err(JsError::new(&format!(
                    "The GIL's switch interval must be between {} and {} ms (got {ms}).",
                    SWITCH_INTERVAL_MS.start(),
                    SWITCH_INTERVAL_MS.end()
                )))
            }
            Some(ms) => Some(Gil::new(ms)),
        };
        let run = kernel.run_threads(&self.pool, &RunControl { cancel: &CANCEL, gil }).map_err(cancelled_to_js)?;
        run_to_js(&run, &output_fields(&run.output)?)
    }
}

/// Makes and keeps the data that the experiment reads (see `Kernel::prepare`),
/// before its run is timed; says whether there was any.
#[wasm_bindgen(js_name = prepareData)]
pub fn prepare_data(experiment: &str, params: JsValue) -> Result<bool, JsError> {
    Ok(request_from_js(experiment, params)?.kernel().prepare(None))
}
