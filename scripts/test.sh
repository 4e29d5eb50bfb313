#!/usr/bin/env bash
# Every test of parlab: native kernels, JS units, the Python, Dask and PySpark twins, the crate in the browser,
# then the built page end to end in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
npm run test:native
npm run test:unit
npm run test:twins
npm run test:engine-twins
npm run test:wasm
npm run build:wasm
npx vite build
# The same site for hosts without headers: it registers the isolation service worker.
PARLAB_SERVICE_WORKER=1 npx vite build --outDir ../dist-sw
npm run test:e2e
