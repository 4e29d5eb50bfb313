#!/usr/bin/env bash
# Installs whatever parlab needs and is missing; fast when everything is there.
#   scripts/setup.sh            toolchain, wasm-bindgen-cli, wasm-pack, npm packages
#   scripts/setup.sh --browser  the same, plus Debian's Chromium and ChromeDriver (for tests)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'parlab setup: %s\n' "$*"; }

toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup run "$toolchain" rustc --print target-list >/dev/null 2>&1 \
   || ! rustup component list --toolchain "$toolchain" --installed | grep -q '^rust-src' \
   || ! rustup target list --toolchain "$toolchain" --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "installing Rust $toolchain with rust-src and the wasm32 target"
  rustup toolchain install "$toolchain" --profile minimal -c rust-src -t wasm32-unknown-unknown
fi

# wasm-bindgen's CLI must be exactly the version of the crate in Cargo.lock.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (a few minutes, once)"
  # Not --locked: a version pinned in its own lock file is no longer served.
  cargo +"$toolchain" install wasm-bindgen-cli --version "$bindgen_version" --force
fi

if ! command -v wasm-pack >/dev/null 2>&1; then
  say "installing wasm-pack (a few minutes, once)"
  cargo +"$toolchain" install wasm-pack --locked
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  if [ -n "${CI:-}" ]; then npm ci; else npm install; fi
fi

if [ "${1:-}" = "--browser" ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian's chromium and chromium-driver"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  else
    say "the tests need /usr/bin/chromium and /usr/bin/chromedriver: run 'sudo apt-get install -y chromium chromium-driver'"
    exit 1
  fi
fi
