//! The cost of an empty parallel region on a pool of helper Web Workers, as
//! JavaScript sees it (`npm run bench` prints it beside native rayon's).

use wasm_bindgen::prelude::*;

use super::pool::WorkerPool;
use crate::dispatch::empty_region_times_us;

#[wasm_bindgen]
impl WorkerPool {
    /// Times empty broadcasts on this pool's workers: `samples` times in
    /// microseconds, each the mean of `regions_per_sample` broadcasts.
    #[wasm_bindgen(js_name = measureDispatch)]
    pub fn measure_dispatch(&self, samples: usize, regions_per_sample: usize) -> Vec<f64> {
        empty_region_times_us(&self.pool, samples, regions_per_sample)
    }
}
