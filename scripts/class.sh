#!/usr/bin/env bash
# `npm run class`: a class on this laptop in one command. Builds the site (as
# `npm run build` does) and the release parlab-class, then serves both on
# loopback (dist/, the default site) with the class data in a SQLite file, and says which URL opens a class.
#   npm run class                       http://127.0.0.1:8787, data in parlab-class.db
#   npm run class -- --expiry-days 1    any flag of parlab-class (see --help) goes to it
# PARLAB_LISTEN and DATABASE_URL choose another address or database (docs/instructors.md,
# "Class mode: hosting"); a lecture hall needs HTTPS in front (same section).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
npm run build:wasm
npx vite build
cargo build --release -p parlab-class

# The server says where it listens once it is bound ("... on http://ADDR"); the
# page to open is that address with ?class=new.
target/release/parlab-class "$@" 2> >(
  while IFS= read -r line; do
    printf '%s\n' "$line" >&2
    case $line in
      *"class API on http://"*) printf '\nparlab class: open %s/?class=new to open a class (Ctrl-C stops the server)\n\n' "${line##* }" >&2 ;;
    esac
  done
)
