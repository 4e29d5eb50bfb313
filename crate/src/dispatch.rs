//! The fixed cost of one parallel region: waking every worker of a pool to run
//! nothing and waiting until all of them are done. Every experiment run pays it
//! once (`run_on_pool` is one `broadcast`), so it bounds how small a task can be
//! worth parallelising. Native and wasm time this same loop (`npm run bench`).

use rayon::ThreadPool;

use crate::clock::now_ms;

/// Times `samples` × `regions_per_sample` empty broadcasts on `pool`, one
/// after another, and returns for each sample the mean time of one region in
/// microseconds. Several regions per sample let a coarse clock (the browser's
/// `performance.now()` moves in steps of about 5 µs) still resolve a few µs.
/// One untimed broadcast first wakes the workers, so no sample is a start-up.
pub fn empty_region_times_us(pool: &ThreadPool, samples: usize, regions_per_sample: usize) -> Vec<f64> {
    let regions = regions_per_sample.max(1);
    pool.broadcast(|_| ());
    (0..samples)
        .map(|_| {
            let started = now_ms();
            for _ in 0..regions {
                pool.broadcast(|_| ());
            }
            (now_ms() - started) * 1e3 / regions as f64
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_one_non_negative_time_per_sample_on_any_pool() {
        for k in [1, 2, 8] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
            for (samples, regions) in [(0, 1), (1, 1), (50, 1), (20, 5)] {
                let times = empty_region_times_us(&pool, samples, regions);
                assert_eq!(times.len(), samples, "k={k}");
                assert!(times.iter().all(|&t| t >= 0.0 && t.is_finite()), "k={k}: {times:?}");
            }
        }
    }
}
