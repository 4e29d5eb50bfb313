#!/usr/bin/env bash
# The crate's tests inside Debian's headless Chromium (no driver downloads).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh
export CHROMEDRIVER=/usr/bin/chromedriver
cd crate
# Only the browser tests: the library's own #[test]s are native tests.
wasm-pack test --headless --chrome --release -- --test browser
