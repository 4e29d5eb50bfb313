//! One experiment per file: its kernel, its sequential reference and its tests.

pub mod fork_join;
pub mod mandelbrot;
pub mod requests;
pub mod toasts;
