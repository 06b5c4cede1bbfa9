#!/usr/bin/env bash
# The server benchmark's own parts (tests/bench): the booked starts are the core's
# bookable slots, the Stripe stand-in answers the official client like Stripe, the Node
# reference books and refuses what it must. Loopback only, a few seconds. Needs
# build/native (the slotpay-core CLI) and the npm packages.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
exec timeout 120 node --test tests/bench/harness.test.mjs
