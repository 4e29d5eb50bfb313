//! How fast the workers of a pool can stream memory together: STREAM's triad
//! (a[i] = b[i] + q·c[i]) over arrays too large for the caches, each worker on
//! a block of its own. Memory-bound work cannot run faster than this, however
//! many workers it gets: it is the ceiling that the what-if model applies to
//! memory-bound operators, and one of "your machine"'s figures.

use std::hint::black_box;
use std::sync::Mutex;

use rayon::ThreadPool;

use crate::clock::now_ms;

/// Bytes the triad moves per element: it reads b and c and writes a (8 bytes each).
const BYTES_PER_ELEMENT: f64 = 24.0;

/// Runs the triad `repetitions` times on every worker of `pool` over
/// `megabytes` of arrays in all (split evenly), after one untimed pass that
/// touches every page; returns the bandwidth of each repetition in GB/s
/// (10^9 bytes per second), counting 24 bytes per element.
pub fn triad_gb_per_s(pool: &ThreadPool, megabytes: usize, repetitions: usize) -> Vec<f64> {
    let workers = pool.current_num_threads();
    let elements = (megabytes * 1_000_000 / 24 / workers).max(1);
    let blocks: Vec<Mutex<[Vec<f64>; 3]>> =
        (0..workers).map(|_| Mutex::new([vec![0.0; elements], vec![1.0; elements], vec![2.0; elements]])).collect();
    let pass = |q: f64| {
        pool.broadcast(|ctx| {
            let mut block = blocks[ctx.index()].lock().expect("each worker has its own block");
            let [a, b, c] = &mut *block;
            for ((a, b), c) in a.iter_mut().zip(b.iter()).zip(c.iter()) {
                *a = b + q * c;
            }
            black_box(&a[0]);
        });
    };
    pass(3.0);
    (0..repetitions)
        .map(|repetition| {
            let started = now_ms();
            pass(repetition as f64);
            let seconds = (now_ms() - started) / 1e3;
            (elements * workers) as f64 * BYTES_PER_ELEMENT / seconds / 1e9
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_one_positive_bandwidth_per_repetition_on_any_pool() {
        for k in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
            let rates = triad_gb_per_s(&pool, 8, 3);
            assert_eq!(rates.len(), 3, "k={k}");
            assert!(rates.iter().all(|&r| r > 0.0 && r.is_finite()), "k={k}: {rates:?}");
        }
    }
}
