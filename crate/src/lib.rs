//! parlab's compute side: experiments written as plain Rust over a k-worker
//! rayon pool, tested natively, and exposed to the browser by the thin `wasm`
//! layer (compiled only for wasm32).

pub mod bandwidth;
pub mod channel;
pub mod clock;
pub mod data;
pub mod dispatch;
pub mod experiments;
pub mod gil;
pub mod recorder;
pub mod schedule;
pub mod work;
pub mod work_record;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
