//! The experiments as JavaScript sees them: a name and a parameter object in,
//! `{ workers, records, output }` out. One arm per experiment.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::pool::{WorkerPool, CANCEL};
use super::report::{cancelled_to_js, run_to_js};
use crate::experiments::fork_join::{run_fork_join, SortParams};
use crate::experiments::mandelbrot::MandelbrotParams;
use crate::experiments::requests::RequestParams;
use crate::experiments::toasts::ToastParams;
use crate::schedule::{run_on_pool, Schedule};
use crate::work::checksum;

#[derive(Deserialize)]
struct MandelbrotRequest {
    #[serde(flatten)]
    params: MandelbrotParams,
    schedule: Schedule,
}

fn parse<T: DeserializeOwned>(value: JsValue, experiment: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("Bad parameters for {experiment}: {e}")))
}

fn valid(check: Result<(), String>) -> Result<(), JsError> {
    check.map_err(|message| JsError::new(&message))
}

fn checksum_output(value: u64) -> Vec<(&'static str, JsValue)> {
    vec![("checksum", JsValue::from_str(&value.to_string()))]
}

#[wasm_bindgen]
impl WorkerPool {
    /// Runs the experiment named `experiment` with `params` on this pool's workers.
    pub fn run(&self, experiment: &str, params: JsValue) -> Result<JsValue, JsError> {
        let pool = &self.pool;
        match experiment {
            "mandelbrot" => {
                let MandelbrotRequest { params, schedule } = parse(params, experiment)?;
                valid(params.validate())?;
                let run = run_on_pool(pool, &params, schedule, &CANCEL).map_err(cancelled_to_js)?;
                let counts = js_sys::Uint32Array::from(run.output.as_slice());
                let checksum = checksum(run.output.iter().map(|&c| u64::from(c)));
                run_to_js(&run, &[("counts", counts.into()), ("checksum", checksum.to_string().into())])
            }
            "toasts" => {
                let params: ToastParams = parse(params, experiment)?;
                valid(params.validate())?;
                let schedule = Schedule::Dynamic { chunk: params.toasts_per_chunk as usize };
                let run = run_on_pool(pool, &params, schedule, &CANCEL).map_err(cancelled_to_js)?;
                run_to_js(&run, &checksum_output(run.output))
            }
            "requests" => {
                let params: RequestParams = parse(params, experiment)?;
                valid(params.validate())?;
                let run = run_on_pool(pool, &params, Schedule::Dynamic { chunk: 1 }, &CANCEL).map_err(cancelled_to_js)?;
                run_to_js(&run, &checksum_output(run.output))
            }
            "fork_join" => {
                let params: SortParams = parse(params, experiment)?;
                valid(params.validate())?;
                let run = run_fork_join(pool, &params, &CANCEL).map_err(cancelled_to_js)?;
                run_to_js(&run, &checksum_output(checksum(run.output.iter().map(|&v| u64::from(v)))))
            }
            unknown => Err(JsError::new(&format!("There is no experiment called \"{unknown}\"."))),
        }
    }
}
