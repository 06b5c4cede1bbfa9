#!/usr/bin/env bash
# stripe-mock (tests/stripe_mock): the local Stripe-compatible server's own test suite.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
if [ ! -d node_modules/stripe ]; then
  echo "stripe-mock tests need npm packages: run 'npm ci' (or ./slotpay setup) first" >&2
  exit 1
fi
# bounded: every suite uses loopback only and short timers
exec timeout 300 node --test --test-concurrency=1 tests/stripe_mock/
