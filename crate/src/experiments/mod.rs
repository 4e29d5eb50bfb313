//! One experiment per file: its kernel, its sequential reference and its tests.

pub mod mandelbrot;
