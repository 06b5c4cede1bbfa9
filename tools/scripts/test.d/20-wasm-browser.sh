#!/usr/bin/env bash
# The WASM core in headless Chromium: examples/wasm-quote.html must load the
# module (release and debug builds, from URLs the page chooses) and show the
# quote the native core computes. Needs build/wasm and build/native.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$root"
timeout 300 node tests/web/wasm_page_test.mjs \
  --dist build/wasm/wasm/dist --dist-debug build/wasm/wasm/dist-debug \
  --cli build/native/tools/slotpay-core
