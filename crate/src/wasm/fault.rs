//! A fault that tests inject on purpose, to prove the crash path end to end
//! (docs/instructors.md, "Testing hooks"): a worker panics, the page says so, the engine
//! restarts and the next sweep works. It is reachable only through the
//! `faultInjection` option of `window.parlab.sweep` and of the postMessage
//! `run` message, never through a control or a URL, so no student sets it by
//! accident. The kernels know nothing of it.

use wasm_bindgen::prelude::*;

#[cfg(target_feature = "atomics")]
use super::pool::WorkerPool;

/// What the injected panic says, so that tests can find it on the page.
const PANIC_MESSAGE: &str = "fault injected for testing: a worker panicked";

enum Fault {
    WorkerPanic,
}

fn fault_named(name: &str) -> Result<Fault, JsError> {
    match name {
        "worker-panic" => Ok(Fault::WorkerPanic),
        other => Err(JsError::new(&format!(
            "There is no fault injection called \"{other}\"; the only one is \"worker-panic\"."
        ))),
    }
}

/// The share-nothing engine: the process worker that calls this panics, as if
/// its chunk had. Its panic note (`processes.rs`) carries the message back.
#[wasm_bindgen(js_name = injectFault)]
pub fn inject_fault(name: &str) -> Result<(), JsError> {
    let Fault::WorkerPanic = fault_named(name)?;
    #[cfg(not(target_feature = "atomics"))]
    super::processes::install_panic_note();
    panic!("{PANIC_MESSAGE}");
}

#[cfg(target_feature = "atomics")]
#[wasm_bindgen]
impl WorkerPool {
    /// The threads engine: the pool's first thread (a helper, never the caller)
    /// panics. The caller stays blocked, as in a run whose helper crashed,
    /// until the page hears the helper's report and ends the engine.
    #[wasm_bindgen(js_name = injectFault)]
    pub fn inject_fault(&self, name: &str) -> Result<(), JsError> {
        let Fault::WorkerPanic = fault_named(name)?;
        self.pool.broadcast(|context| {
            if context.index() == 0 {
                panic!("{PANIC_MESSAGE}");
            }
        });
        Ok(())
    }
}
