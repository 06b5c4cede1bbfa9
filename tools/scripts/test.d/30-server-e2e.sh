#!/usr/bin/env bash
# slotpay-server end to end over loopback: the local Stripe mock (in the test process)
# and the server binary from build/native, one temporary SQLite file per server.
# Files run one after another; each test is bounded by its own timeouts.
set -euo pipefail
ROOT=${ROOT:-$(cd "$(dirname "$0")/../../.." && pwd)}
cd "$ROOT"
cmake --build build/native --target slotpay-server >/dev/null
exec timeout 1200 node --test --test-concurrency=1 --test-timeout=120000 tests/server/e2e/
