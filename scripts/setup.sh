#!/usr/bin/env bash
# Installs whatever parlab needs and is missing; fast when everything is there.
#   scripts/setup.sh            toolchain, wasm-bindgen-cli, wasm-pack, npm packages
#   scripts/setup.sh --browser  the same, plus the browsers the tests drive: Debian's Chromium and
#                               ChromeDriver, Firefox ESR, WebKitGTK's WebDriver and Xvfb
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

if [ "${1:-}" = "--browser" ]; then
  # Chromium (and its driver) runs the browser tests; Firefox ESR and WebKitGTK
  # (its WebDriver, and Xvfb as the display for its browser) run the
  # cross-browser smoke test, which skips them where they are missing, except in CI.
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  [ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
  [ -x /usr/bin/Xvfb ] || missing+=(xvfb)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      say "installing Debian's ${missing[*]}"
      apt-get update
      DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
    elif [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
      say "the tests need /usr/bin/chromium and /usr/bin/chromedriver: run 'sudo apt-get install -y ${missing[*]}'"
      exit 1
    else
      say "Firefox or WebKit is missing, so the cross-browser test will skip it: run 'sudo apt-get install -y ${missing[*]}'"
    fi
  fi
fi
