//! The experiments on native rayon pools, to compare with the same kernels in
//! the browser. Reads a JSON array of cases on stdin, each
//! `{ "name", "experiment", "params", "ks": [..], "repetitions" }`, and prints
//! one JSON line per case and k: `{ "name", "k", "timesMs": [..], "checksum" }`.
//! One untimed warm-up precedes the repetitions of each k. Used by `npm run bench`.
//!
//! `native-bench dispatch` instead reads `{ "ks": [..], "samples", "regionsPerSample", "idleUs"? }`
//! and prints `{ "k", "timesUs": [..] }` per k: the times of empty parallel regions
//! (`parlab::dispatch`), each after `idleUs` without work (default 0), the same
//! loop the browser times on its Web Workers.

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
            for &k in &case.ks {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build()?;
                let mut times = Vec::with_capacity(case.repetitions);
                let mut checksum = 0;
                for repetition in 0..=case.repetitions {
                    let started = Instant::now();
                    let control = RunControl { cancel: &never, gil: case.gil_switch_ms.map(Gil::new) };
                    let run = kernel.run_threads(&pool, &control).map_err(|_| "cancelled")?;
                    if repetition > 0 {
                        times.push(started.elapsed().as_secs_f64() * 1e3);
                    }
                    checksum = run.output.checksum;
                }
                println!(
                    "{}",
                    serde_json::json!({ "name": case.name, "k": k, "timesMs": times, "checksum": checksum.to_string() })
                );
            }
        }
        Ok(())
    }

    fn dispatch(Dispatch { ks, samples, regions_per_sample, idle_us }: Dispatch) -> Result<(), Box<dyn std::error::Error>> {
        for k in ks {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build()?;
            let times = empty_region_times_us(&pool, samples, regions_per_sample, idle_us);
            println!("{}", serde_json::json!({ "k": k, "timesUs": times }));
        }
        Ok(())
    }
}
