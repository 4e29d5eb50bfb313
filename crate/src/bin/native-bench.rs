//! The experiments on native rayon pools, to compare with the same kernels in
//! the browser. Reads a JSON array of cases on stdin, each
//! `{ "name", "experiment", "params", "ks": [..], "repetitions", "warmUpMs"?, "maxWarmUps"? }`,
//! and prints one JSON line per case and k: `{ "name", "k", "timesMs": [..], "checksum" }`.
//! Warm-ups as the page's sweeps do them (web/src/lab/sweep.js): one untimed
//! pass over every k first, then before each k's repetitions untimed runs
//! until they have taken `warmUpMs` together (at least one, at most
//! `maxWarmUps`). Used by `npm run bench`.
//!
//! `native-bench dispatch` instead reads `{ "ks": [..], "samples", "regionsPerSample", "idleUs"? }`
//! and prints `{ "k", "timesUs": [..] }` per k: the times of empty parallel regions
//! (`parlab::dispatch`), each after `idleUs` without work (default 0), the same
//! loop the browser times on its Web Workers.
//!
//! Freed memory stays in the process, as it does in the browser (see
//! `keep_freed_memory`), so that both sides time the same work.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    native::main()
}

// `wasm-pack test` builds every target of the crate for wasm too; there this
// program has nothing to do.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::io::Read;
    use std::sync::atomic::AtomicBool;
    use std::time::Instant;

    use parlab::dispatch::empty_region_times_us;
    use parlab::experiments::Request;
    use parlab::gil::Gil;
    use parlab::schedule::RunControl;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Case {
        name: String,
        experiment: String,
        params: serde_json::Value,
        ks: Vec<usize>,
        repetitions: usize,
        /// Run under a GIL with this switch interval, as the page's GIL switch does.
        #[serde(default)]
        gil_switch_ms: Option<f64>,
        #[serde(default, rename = "warmUpMs")]
        warm_up_ms: f64,
        #[serde(default, rename = "maxWarmUps")]
        max_warm_ups: usize,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Dispatch {
        ks: Vec<usize>,
        samples: usize,
        regions_per_sample: usize,
        #[serde(default)]
        idle_us: u32,
    }

    pub fn main() -> Result<(), Box<dyn std::error::Error>> {
        keep_freed_memory();
        let mut input = String::new();
        std::io::stdin().read_to_string(&mut input)?;
        if std::env::args().nth(1).as_deref() == Some("dispatch") {
            return dispatch(serde_json::from_str(&input)?);
        }
        let cases: Vec<Case> = serde_json::from_str(&input)?;
        let never = AtomicBool::new(false);
        for case in cases {
            let request: Request =
                serde_json::from_value(serde_json::json!({ "experiment": case.experiment, "params": case.params }))?;
            let kernel = request.kernel();
            kernel.validate()?;
            // Data experiments make their data before the clock, as the page's engines do.
            kernel.prepare(None);
            let pools = case
                .ks
                .iter()
                .map(|&k| rayon::ThreadPoolBuilder::new().num_threads(k).build())
                .collect::<Result<Vec<_>, _>>()?;
            let run_once = |pool: &rayon::ThreadPool| -> Result<(f64, u64), &'static str> {
                let started = Instant::now();
                let control = RunControl { cancel: &never, gil: case.gil_switch_ms.map(Gil::new) };
                let run = kernel.run_threads(pool, &control).map_err(|_| "cancelled")?;
                Ok((started.elapsed().as_secs_f64() * 1e3, run.output.checksum))
            };
            // The page's untimed sweep, so that both sides time runs after the same warm-up.
            for pool in &pools {
                run_once(pool)?;
            }
            for (&k, pool) in case.ks.iter().zip(&pools) {
                let mut warmed_ms = 0.0;
                for _ in 0..case.max_warm_ups.max(1) {
                    warmed_ms += run_once(pool)?.0;
                    if warmed_ms >= case.warm_up_ms {
                        break;
                    }
                }
                let mut times = Vec::with_capacity(case.repetitions);
                let mut checksum = 0;
                for _ in 0..case.repetitions {
                    let (ms, sum) = run_once(pool)?;
                    times.push(ms);
                    checksum = sum;
                }
                println!(
                    "{}",
                    serde_json::json!({ "name": case.name, "k": k, "timesMs": times, "checksum": checksum.to_string() })
                );
            }
        }
        Ok(())
    }

    /// The wasm heap (dlmalloc in the module's linear memory) keeps what a
    /// run frees and hands it out again, so a run's large buffers (the join's
    /// buckets: 54 MB at 4 Mi orders) reuse pages that earlier runs touched.
    /// glibc instead returns large blocks to the kernel (blocks above its
    /// mmap threshold are unmapped when freed, and the heap's top is
    /// trimmed), so every native run took those pages again, one page fault
    /// per 4 KiB: about 14 000 faults per join run, 20 % of its CPU time in
    /// the kernel at k = 1, which two threads partly take in parallel. That
    /// made the native speedup of the join superlinear (2.35–3.08) for a
    /// reason that is glibc's, not the machine's (docs/performance.md). Keep
    /// freed memory natively too. glibc refuses a threshold above 32 MiB.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    pub(crate) fn keep_freed_memory() {
        use std::ffi::c_int;
        extern "C" {
            fn mallopt(param: c_int, value: c_int) -> c_int;
        }
        const M_TRIM_THRESHOLD: c_int = -1;
        const M_MMAP_THRESHOLD: c_int = -3;
        // SAFETY: mallopt only sets glibc's allocator parameters, under the allocator's own lock.
        let set = unsafe { (mallopt(M_MMAP_THRESHOLD, 32 << 20), mallopt(M_TRIM_THRESHOLD, c_int::MAX)) };
        assert_eq!(set, (1, 1), "glibc refused to keep freed memory");
    }

    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    pub(crate) fn keep_freed_memory() {}

    fn dispatch(Dispatch { ks, samples, regions_per_sample, idle_us }: Dispatch) -> Result<(), Box<dyn std::error::Error>> {
        for k in ks {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build()?;
            let times = empty_region_times_us(&pool, samples, regions_per_sample, idle_us);
            println!("{}", serde_json::json!({ "k": k, "timesUs": times }));
        }
        Ok(())
    }

    #[cfg(all(test, target_os = "linux", target_env = "gnu"))]
    mod tests {
        /// Minor page faults of this process so far (field 10 of /proc/self/stat).
        fn minor_faults() -> u64 {
            let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
            // The command name, in parentheses, may hold spaces: count fields after it.
            let after_name = &stat[stat.rfind(')').unwrap() + 2..];
            after_name.split(' ').nth(7).unwrap().parse().unwrap()
        }

        fn touch_and_free(bytes: usize) {
            let buffer = vec![1u8; bytes];
            std::hint::black_box(&buffer);
        }

        #[test]
        fn a_freed_large_buffer_is_reused_without_page_faults() {
            const BYTES: usize = 24 << 20;
            super::keep_freed_memory();
            touch_and_free(BYTES);
            let before = minor_faults();
            touch_and_free(BYTES);
            let faults = minor_faults() - before;
            // Given back to the kernel, the buffer would fault once per 4 KiB page: 6144 times.
            assert!(faults < 600, "{faults} page faults for a {BYTES}-byte buffer freed and taken again");
        }
    }
}
