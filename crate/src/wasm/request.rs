//! Experiment requests as JavaScript sends them: a name and a parameter object.

use wasm_bindgen::prelude::*;

use crate::experiments::Request;

/// Reads an experiment's name and parameters from JavaScript into a checked `Request`.
pub fn request_from_js(experiment: &str, params: JsValue) -> Result<Request, JsError> {
    if !Request::NAMES.contains(&experiment) {
        return Err(JsError::new(&format!(
            "There is no experiment called \"{experiment}\". The experiments are: {}.",
            Request::NAMES.join(", ")
        )));
    }
    let named = js_sys::Object::new();
    js_sys::Reflect::set(&named, &"experiment".into(), &experiment.into())
        .map_err(|_| JsError::new("could not read the request"))?;
    js_sys::Reflect::set(&named, &"params".into(), &params).map_err(|_| JsError::new("could not read the request"))?;
    let request: Request = serde_wasm_bindgen::from_value(named.into())
        .map_err(|e| JsError::new(&format!("Bad parameters for {experiment}: {e}")))?;
    request.kernel().validate().map_err(|message| JsError::new(&message))?;
    Ok(request)
}
