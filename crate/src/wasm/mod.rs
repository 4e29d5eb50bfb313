//! The thin layer between JavaScript and the experiments. Two builds use it:
//! the threaded one (atomics, shared memory) builds pools of k Web Workers
//! (`pool.rs`, `js/helpers.js`); the plain one, for pages without cross-origin
//! isolation, only has the share-nothing entry points (`processes.rs`).

#[cfg(target_feature = "atomics")]
mod dispatch;
#[cfg(target_feature = "atomics")]
mod experiments;
pub mod fault;
mod output;
#[cfg(target_feature = "atomics")]
pub mod pool;
pub mod processes;
#[cfg(target_feature = "atomics")]
mod report;
mod request;
