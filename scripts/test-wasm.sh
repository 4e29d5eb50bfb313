#!/usr/bin/env bash
# The crate's tests inside Debian's headless Chromium (no driver downloads).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh
export CHROMEDRIVER=/usr/bin/chromedriver
# The runner's default of 20 s per test is too short for the first test on a
# fresh machine, which also starts Chromium and the helper workers while the
# twins' JVM may still be ending.
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}
cd crate
# Only the browser tests: the library's own #[test]s are native tests.
# --nocapture prints what each test logs as it runs: a failed assertion in
# the first test stops the module, the next test then never ends, and the
# runner's own report would say only "timed out".
wasm-pack test --headless --chrome --release -- --test browser -- --nocapture
