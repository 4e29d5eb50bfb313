//! One clock that every worker reads the same way, so that work records from
//! different threads can be laid on one timeline.

/// Milliseconds on a clock shared by all threads of the process (an arbitrary
/// but common origin; only differences are meaningful).
#[cfg(not(target_arch = "wasm32"))]
pub fn now_ms() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3
}

/// In the browser each Web Worker's `performance.now()` counts from that
/// worker's own start, so it is shifted by `performance.timeOrigin` to make
/// readings of different workers comparable.
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    use wasm_bindgen::JsCast;
    thread_local! {
        static PERFORMANCE: web_sys::Performance =
            js_sys::Reflect::get(&js_sys::global(), &"performance".into())
                .expect("this JavaScript environment has no `performance` clock")
                .unchecked_into();
    }
    PERFORMANCE.with(|p| p.time_origin() + p.now())
}

#[cfg(test)]
mod tests {
    #[test]
    fn clock_never_goes_backwards() {
        let a = super::now_ms();
        let b = super::now_ms();
        assert!(b >= a);
    }
}
