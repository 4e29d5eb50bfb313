#!/usr/bin/env bash
# Builds the threaded wasm module and its `--target web` glue into web/public/pkg,
# where Vite serves it unbundled (its helper workers load it by URL).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh
wasm-pack build crate --release --target web --no-typescript --no-pack --out-dir ../web/public/pkg
