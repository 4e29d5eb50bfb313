#!/usr/bin/env bash
# The crate's tests inside Debian's headless Chromium (no driver downloads).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh
export CHROMEDRIVER=/usr/bin/chromedriver
cd crate
wasm-pack test --headless --chrome --release
