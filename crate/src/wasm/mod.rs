//! The thin layer between JavaScript and the experiments: building pools of
//! k Web Workers (see `pool.rs` and `js/helpers.js`) and turning runs and
//! errors into JavaScript values.

mod experiments;
pub mod pool;
mod report;
