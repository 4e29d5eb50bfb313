# Sourced by the scripts that build for wasm: std must be rebuilt with atomics
# for threads, and only for wasm (native `cargo test` uses the shipped std).
export CARGO_UNSTABLE_BUILD_STD=panic_abort,std
# npm's bin folder brings binaryen's wasm-opt; Debian's older one breaks the module.
export PATH="$PWD/node_modules/.bin:$PATH"
