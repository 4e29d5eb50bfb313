//! A run's result as JavaScript receives it, from either engine:
//! `checksum` (a decimal string: u64 does not fit a JS number), `details`
//! (a plain object, when the experiment has any) and `arrays` (name →
//! Uint32Array, each transferable).

use wasm_bindgen::prelude::*;

use crate::experiments::Output;

/// The fields of `output` for a result object.
pub fn output_fields(output: &Output) -> Result<Vec<(&'static str, JsValue)>, JsError> {
    let mut fields = vec![("checksum", JsValue::from_str(&output.checksum.to_string()))];
    if !output.details.is_null() {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        fields.push(("details", serde::Serialize::serialize(&output.details, &serializer)?));
    }
    let arrays = js_sys::Object::new();
    for (name, values) in &output.arrays {
        js_sys::Reflect::set(&arrays, &(*name).into(), &js_sys::Uint32Array::from(values.as_slice()).into())
            .map_err(|_| JsError::new("could not build the result's arrays"))?;
    }
    fields.push(("arrays", arrays.into()));
    Ok(fields)
}
