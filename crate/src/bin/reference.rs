//! The sequential reference's checksum of each request, for checking programs
//! outside parlab (the Python twins) against it. Reads a JSON array of
//! `{ "experiment", "params" }` on stdin and prints one line per request:
//! its checksum as a decimal string (a u64 does not fit a JSON number). With
//! `--details`, each line is JSON instead: `{ "checksum": "…", "details": … }`,
//! the small result the page shows (top groups, top words). Used by
//! `npm run test:twins`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    use std::io::Read;

    use parlab::experiments::Request;

    let with_details = std::env::args().any(|arg| arg == "--details");
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    for request in serde_json::from_str::<Vec<Request>>(&input)? {
        let kernel = request.kernel();
        kernel.validate()?;
        let output = kernel.sequential();
        if with_details {
            println!("{}", serde_json::json!({ "checksum": output.checksum.to_string(), "details": output.details }));
        } else {
            println!("{}", output.checksum);
        }
    }
    Ok(())
}

// `wasm-pack test` builds every target of the crate for wasm too; there this
// program has nothing to do.
#[cfg(target_arch = "wasm32")]
fn main() {}
