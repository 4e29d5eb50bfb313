//! The fixed cost of one parallel region: waking every worker of a pool to run
//! nothing and waiting until all of them are done. Every experiment run pays it
//! once (`run_on_pool` is one `broadcast`), so it bounds how small a task can be
//! worth parallelising. Native and wasm time this same loop (`npm run bench`).
//!
//! What a region costs depends on whether the workers are still awake from the
//! previous one. Native rayon's idle workers spin (`sched_yield`) for a while
//! before they park; on wasm `yield_now` does nothing, so they park at once.
//! Regions back to back therefore find native workers awake and wasm workers
//! parked, while a run, which follows milliseconds of the page's own work,
//! finds both parked. `idle_us` times regions in that second situation.

use std::time::Duration;

use rayon::ThreadPool;

use crate::clock::now_ms;

/// Times `samples` × `regions_per_sample` empty broadcasts on `pool`, and
/// returns for each sample the mean time of one region in microseconds.
/// Several regions per sample let a coarse clock (the browser's
/// `performance.now()` moves in steps of about 5 µs) still resolve a few µs.
/// One untimed broadcast first wakes the workers, so no sample is a start-up.
///
/// With `idle_us` = 0 the regions follow each other at once. Otherwise the
/// calling thread sleeps `idle_us` before each region, so that the pool's
/// workers have parked as they do between runs; only the regions are timed.
pub fn empty_region_times_us(pool: &ThreadPool, samples: usize, regions_per_sample: usize, idle_us: u32) -> Vec<f64> {
    let regions = regions_per_sample.max(1);
    let idle = Duration::from_micros(idle_us.into());
    pool.broadcast(|_| ());
    (0..samples)
        .map(|_| {
            let mut regions_ms = 0.0;
            for _ in 0..regions {
                if !idle.is_zero() {
                    std::thread::sleep(idle);
                }
                let started = now_ms();
                pool.broadcast(|_| ());
                regions_ms += now_ms() - started;
            }
            regions_ms * 1e3 / regions as f64
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
            for (samples, regions, idle_us) in [(0, 1, 0), (1, 1, 0), (50, 1, 0), (20, 5, 0), (10, 2, 200)] {
                let times = empty_region_times_us(&pool, samples, regions, idle_us);
                assert_eq!(times.len(), samples, "k={k}");
                assert!(times.iter().all(|&t| t >= 0.0 && t.is_finite()), "k={k}: {times:?}");
            }
        }
    }

    #[test]
    fn the_idle_time_before_each_region_is_spent_but_not_counted() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let (samples, regions, idle_us) = (4, 5, 2_000);
        let started = std::time::Instant::now();
        let times = empty_region_times_us(&pool, samples, regions, idle_us);
        let elapsed_us = started.elapsed().as_secs_f64() * 1e6;
        let idle_total_us = (samples * regions) as f64 * f64::from(idle_us);
        assert!(elapsed_us >= idle_total_us, "slept {elapsed_us} µs of {idle_total_us}");
        let timed_total_us: f64 = times.iter().map(|t| t * regions as f64).sum();
        assert!(timed_total_us <= elapsed_us - idle_total_us, "{timed_total_us} µs timed of {elapsed_us} µs");
    }
}
