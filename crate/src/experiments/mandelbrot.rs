//! The Mandelbrot set over a W×H grid, one task per row. Rows through the set
//! cost up to `max_iter` steps per pixel and rows outside it almost nothing, so
//! the work is uneven: a good subject for skew and scheduling.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use rayon::ThreadPool;

use super::{numbers, Kernel, Output, PartResult, Partial, Plan};
use crate::gil;
use crate::schedule::{run_on_pool, Cancelled, Experiment, RunControl, Schedule};
use crate::work::checksum;
use crate::work_record::Run;

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct MandelbrotParams {
    pub width: u32,
    pub height: u32,
    pub max_iter: u32,
}

/// A Mandelbrot run: the grid and how its rows are scheduled.
#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct MandelbrotRun {
    #[serde(flatten)]
    pub params: MandelbrotParams,
    pub schedule: Schedule,
}

/// Largest grid side and iteration limit the page accepts: a 4096² grid of u32
/// counts is 64 MiB, well inside the wasm memory limit.
pub const MAX_SIDE: u32 = 4096;
pub const MAX_ITER: u32 = 100_000;

// The view: the whole set, but shifted off the real axis. The set is symmetric
// about that axis, so a centred view would give the two halves of the rows the
// same work and hide skew from static blocks at k = 2; shifted, the upper
// block holds about three quarters of the work.
// The view is the same whatever the grid's shape, so a grid k times taller
// (scale-up) computes the same picture with k times the rows: k times the work.
const CENTRE_RE: f64 = -0.75;
const CENTRE_IM: f64 = 0.3;
const VIEW_WIDTH: f64 = 2.9;
const VIEW_HEIGHT: f64 = 2.9;

impl MandelbrotParams {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_SIDE).contains(&self.width) || !(1..=MAX_SIDE).contains(&self.height) {
            return Err(format!(
                "The Mandelbrot grid must be between 1 and {MAX_SIDE} pixels wide and high (got {}×{}).",
                self.width, self.height
            ));
        }
        if !(1..=MAX_ITER).contains(&self.max_iter) {
            return Err(format!("Iterations must be between 1 and {MAX_ITER} (got {}).", self.max_iter));
        }
        Ok(())
    }

    /// Number of iterations before the orbit of pixel (x, y) escapes, or `max_iter`.
    pub fn escape_count(&self, x: u32, y: u32) -> u32 {
        let c_re = CENTRE_RE + (f64::from(x) - f64::from(self.width) / 2.0) * (VIEW_WIDTH / f64::from(self.width));
        let c_im = CENTRE_IM + (f64::from(y) - f64::from(self.height) / 2.0) * (VIEW_HEIGHT / f64::from(self.height));
        let (mut re, mut im) = (0.0f64, 0.0f64);
        for i in 0..self.max_iter {
            let (re2, im2) = (re * re, im * im);
            if re2 + im2 > 4.0 {
                return i;
            }
            im = 2.0 * re * im + c_im;
            re = re2 - im2 + c_re;
        }
        self.max_iter
    }
}

/// Sequential reference: every pixel in row-major order on one thread.
pub fn sequential(params: &MandelbrotParams) -> Vec<u32> {
    let mut counts = Vec::with_capacity(params.width as usize * params.height as usize);
    for y in 0..params.height {
        for x in 0..params.width {
            counts.push(params.escape_count(x, y));
        }
    }
    counts
}

impl Experiment for MandelbrotParams {
    /// The escape counts of the chunk's rows, row-major.
    type Partial = Vec<u32>;
    type Output = Vec<u32>;

    fn task_name(&self) -> &'static str {
        "rows"
    }

    fn task_count(&self) -> usize {
        self.height as usize
    }

    fn run_chunk(&self, rows: Range<usize>) -> Vec<u32> {
        rows.flat_map(|y| {
            (0..self.width).map(move |x| {
                // A pixel is a few microseconds at most: a point to hand a GIL over.
                gil::checkpoint();
                self.escape_count(x, y as u32)
            })
        })
        .collect()
    }

    fn merge(&self, partials: Vec<Vec<u32>>) -> Vec<u32> {
        partials.concat()
    }
}

/// The page draws the escape counts; their checksum stands for the picture.
fn picture(counts: Vec<u32>) -> Output {
    Output {
        checksum: checksum(counts.iter().map(|&c| u64::from(c))),
        details: serde_json::Value::Null,
        arrays: vec![("counts", counts)],
    }
}

impl Kernel for MandelbrotRun {
    fn validate(&self) -> Result<(), String> {
        self.params.validate()
    }

    fn run_threads(&self, pool: &ThreadPool, control: &RunControl) -> Result<Run<Output>, Cancelled> {
        Ok(run_on_pool(pool, &self.params, self.schedule, control)?.map(picture))
    }

    fn sequential(&self) -> Output {
        picture(sequential(&self.params))
    }

    fn plan(&self, _workers: usize) -> Plan {
        Plan::of(&self.params, self.schedule)
    }

    fn run_part(&self, rows: Range<usize>, _workers: usize, _: Vec<u32>, _broadcast: &[u8]) -> PartResult {
        PartResult { partial: Partial::Numbers(self.params.run_chunk(rows)), wait_ms: 0 }
    }

    fn merge_parts(&self, partials: Vec<Partial>) -> Result<Output, String> {
        Ok(picture(numbers(partials)?.concat()))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::schedule::{run_on_pool, RunControl, Schedule};
    use crate::work_record::Kind;

    fn params(width: u32, height: u32, max_iter: u32) -> MandelbrotParams {
        MandelbrotParams { width, height, max_iter }
    }

    #[test]
    fn parallel_equals_sequential_for_every_size_k_and_schedule() {
        let schedules =
            [Schedule::StaticBlocks, Schedule::StaticInterleaved { chunk: 3 }, Schedule::Dynamic { chunk: 1 }];
        for (w, h) in [(1, 1), (17, 9), (64, 48), (200, 131)] {
            let p = params(w, h, 200);
            let reference = sequential(&p);
            for k in [1, 2, 3, 4] {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
                for schedule in schedules {
                    let run = run_on_pool(&pool, &p, schedule, &RunControl::free(&AtomicBool::new(false))).unwrap();
                    assert_eq!(run.output, reference, "{w}x{h} k={k} {schedule:?}");
                }
            }
        }
    }

    #[test]
    fn a_run_with_k_workers_uses_k_distinct_workers() {
        let p = params(128, 128, 100);
        for k in [1, 2, 3, 4] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build().unwrap();
            let run =
                run_on_pool(&pool, &p, Schedule::StaticBlocks, &RunControl::free(&AtomicBool::new(false))).unwrap();
            assert_eq!(run.distinct_workers(), k);
            let mut rows: Vec<usize> =
                run.records.iter().filter(|r| r.kind == Kind::Compute).flat_map(|r| r.first_task..r.first_task + r.task_count).collect();
            rows.sort_unstable();
            assert_eq!(rows, (0..128).collect::<Vec<_>>());
        }
    }

    #[test]
    fn known_points_escape_as_expected() {
        let p = params(1024, 1024, 50);
        // Pixel (706, 406) is c ≈ -0.2 + 0i, inside the main cardioid.
        assert_eq!(p.escape_count(706, 406), 50);
        // The top-left corner, c = -2.2 - 1.15i, escapes after the first step.
        assert_eq!(p.escape_count(0, 0), 1);
    }

    #[test]
    fn a_grid_k_times_taller_is_the_same_view_with_about_k_times_the_work() {
        let work = |p: &MandelbrotParams| sequential(p).iter().map(|&c| u64::from(c)).sum::<u64>() as f64;
        let base = params(128, 128, 200);
        for k in [2, 4] {
            let tall = params(128, 128 * k, 200);
            let ratio = work(&tall) / work(&base);
            assert!((ratio / f64::from(k) - 1.0).abs() < 0.05, "k={k}: {ratio}");
            // Row k·y of the tall grid is row y of the square one.
            assert_eq!(tall.escape_count(37, 64 * k), base.escape_count(37, 64));
        }
    }

    #[test]
    fn static_blocks_of_two_get_unequal_work() {
        let p = params(128, 128, 300);
        let work = |rows: std::ops::Range<usize>| p.run_chunk(rows).iter().map(|&c| u64::from(c)).sum::<u64>();
        let (upper, lower) = (work(0..64), work(64..128));
        assert!(upper > 2 * lower, "upper {upper}, lower {lower}");
    }

    #[test]
    fn rows_through_the_set_cost_more_than_rows_outside() {
        let p = params(64, 64, 500);
        let row_cost = |y: usize| p.run_chunk(y..y + 1).iter().map(|&c| u64::from(c)).sum::<u64>();
        assert!(row_cost(32) > 10 * row_cost(0));
    }

    #[test]
    fn out_of_range_sizes_are_refused_with_a_message() {
        assert!(params(0, 10, 10).validate().unwrap_err().contains("between 1 and 4096"));
        assert!(params(10, 10, 0).validate().unwrap_err().contains("Iterations"));
        assert!(params(1024, 1024, 1000).validate().is_ok());
    }
}
