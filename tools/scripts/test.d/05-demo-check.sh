#!/usr/bin/env bash
# The README's main command, self-checked: the demo starts the local Stripe mock and
# slotpay-server with the demo merchant, books, pays and sees the webhook confirm it.
set -euo pipefail
cd "$(dirname "$0")/../../.."
SLOTPAY_DEMO_CHECK=1 SLOTPAY_DEMO_PORT=${SLOTPAY_DEMO_PORT:-18080} \
  SLOTPAY_DEMO_STRIPE_PORT=${SLOTPAY_DEMO_STRIPE_PORT:-12112} timeout 300 ./slotpay demo
