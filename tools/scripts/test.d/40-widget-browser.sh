#!/usr/bin/env bash
# The widget in a real browser: builds web/dist (esbuild; the WASM core from
# build/wasm; content-hashed names, .br/.gz siblings), checks the build's output and
# runs tests/web/ (headless Debian chromium via playwright-core, the real slotpay-server
# and the local Stripe mock, loopback only). Assumes build/native and build/wasm were
# built (./slotpay test does that first).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
if [ ! -d node_modules/esbuild ] || [ ! -d node_modules/playwright-core ] || ! node -e "require.resolve('axe-core')" 2>/dev/null; then
  echo "widget tests need npm packages: run 'npm ci' (or ./slotpay setup) first" >&2
  exit 1
fi
if [ -d node_modules/typescript ]; then
  node node_modules/typescript/bin/tsc -p web/tsconfig.json
fi
node web/build.mjs
# Only the widget suites: tests/web/ also holds the wasm branch's page test (test.d/20).
# build_output checks the build just made (hashed names, references, .br/.gz, manifest);
# then unit tests of the pure modules, then the browser suites (v1 flows; v2: languages,
# theming, axe on every step, tips, currencies without the core, 320 px; the manage page;
# embed_frame: who may frame embed.html and which parent it talks to; widget_holds: the
# short first hold extended at the pay step, seats capped at max_per_booking; pay_page:
# the pay-by-link page; the merchant dashboard; dashboard_more: its webhooks, phone
# booking and pay link).
exec timeout 1200 node --test --test-concurrency=1 tests/web/build_output.test.mjs tests/web/units.test.mjs \
  tests/web/steps.test.mjs tests/web/i18n.test.mjs tests/web/currency.test.mjs tests/web/pricing.test.mjs \
  tests/web/widget_e2e.test.mjs tests/web/widget_v2.test.mjs tests/web/manage_page.test.mjs \
  tests/web/embed_frame.test.mjs tests/web/widget_holds.test.mjs tests/web/widget_charge_after.test.mjs tests/web/pay_page.test.mjs \
  tests/web/dashboard_units.test.mjs tests/web/dashboard.test.mjs tests/web/dashboard_more.test.mjs
