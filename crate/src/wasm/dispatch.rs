//! The lab's own fixed costs on a pool of helper Web Workers, as JavaScript
//! sees them: an empty parallel region (`npm run bench` prints it beside native
//! rayon's) and the memory bandwidth the workers share.

use wasm_bindgen::prelude::*;

use super::pool::WorkerPool;
use crate::dispatch::empty_region_times_us;

#[wasm_bindgen]
impl WorkerPool {
    /// Times empty broadcasts on this pool's workers: `samples` times in
    /// microseconds, each the mean of `regions_per_sample` broadcasts, each
    /// after `idle_us` in which the pool had nothing to do (0: back to back).
    #[wasm_bindgen(js_name = measureDispatch)]
    pub fn measure_dispatch(&self, samples: usize, regions_per_sample: usize, idle_us: u32) -> Vec<f64> {
        empty_region_times_us(&self.pool, samples, regions_per_sample, idle_us)
    }

    /// Streams `megabytes` of arrays with STREAM's triad on this pool's workers
    /// `repetitions` times: the bandwidth of each repetition in GB/s.
    #[wasm_bindgen(js_name = measureBandwidth)]
    pub fn measure_bandwidth(&self, megabytes: usize, repetitions: usize) -> Vec<f64> {
        crate::bandwidth::triad_gb_per_s(&self.pool, megabytes, repetitions)
    }
}
