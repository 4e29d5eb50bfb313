#!/usr/bin/env bash
# Builds the two wasm modules and their `--target web` glue, which Vite serves
# unbundled from web/public (workers load them by URL):
#   pkg/         threaded (atomics, shared memory): the "threads" engine
#   pkg-single/  plain, no shared memory: the "processes" engine, which works
#                on pages that are not cross-origin isolated
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

CARGO_UNSTABLE_BUILD_STD=panic_abort,std \
  wasm-pack build crate --release --target web --no-typescript --no-pack --out-dir ../web/public/pkg

# Empty encoded rustflags take precedence over the threaded ones from
# .cargo/config.toml; a target dir of its own keeps both builds cached.
CARGO_ENCODED_RUSTFLAGS="" CARGO_TARGET_DIR="$PWD/target/single" \
  wasm-pack build crate --release --target web --no-typescript --no-pack --out-dir ../web/public/pkg-single --out-name parlab_single
