//! The experiments on native rayon pools, to compare with the same kernels in
//! the browser. Reads a JSON array of cases on stdin, each
//! `{ "name", "experiment", "params", "ks": [..], "repetitions" }`, and prints
//! one JSON line per case and k: `{ "name", "k", "timesMs": [..], "checksum" }`.
//! One untimed warm-up precedes the repetitions of each k. Used by `npm run bench`.

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

    use parlab::experiments::Request;
    use parlab::schedule::RunControl;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Case {
        name: String,
        experiment: String,
        params: serde_json::Value,
        ks: Vec<usize>,
        repetitions: usize,
    }

    pub fn main() -> Result<(), Box<dyn std::error::Error>> {
        let mut input = String::new();
        std::io::stdin().read_to_string(&mut input)?;
        let cases: Vec<Case> = serde_json::from_str(&input)?;
        let never = AtomicBool::new(false);
        for case in cases {
            let request: Request =
                serde_json::from_value(serde_json::json!({ "experiment": case.experiment, "params": case.params }))?;
            let kernel = request.kernel();
            kernel.validate()?;
            for &k in &case.ks {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(k).build()?;
                let mut times = Vec::with_capacity(case.repetitions);
                let mut checksum = 0;
                for repetition in 0..=case.repetitions {
                    let started = Instant::now();
                    let run = kernel.run_threads(&pool, &RunControl::free(&never)).map_err(|_| "cancelled")?;
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
}
