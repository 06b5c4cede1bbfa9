# Functions behind ./slotpay. Sourced with ROOT set to the checkout.

APT_PACKAGES=(
  cmake ninja-build g++ pkg-config git
  nlohmann-json3-dev catch2 libhowardhinnant-date-dev tzdata
  emscripten
  libssl-dev libsqlite3-dev sqlite3
  chromium wrk nodejs curl clang-format
  libcurl4-openssl-dev python3-aiosmtpd openssl
  libboost1.81-dev libsodium-dev
  libpq-dev postgresql-15
)

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

slotpay_setup() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    # node may come from outside Debian (it does on these machines); then skip nodejs.
    if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing apt packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  if [ -f "$ROOT/package-lock.json" ]; then
    # Reinstall only when the lock file changed since the last install.
    local stamp="$ROOT/node_modules/.slotpay-lock-stamp"
    if [ ! -f "$stamp" ] || ! cmp -s "$ROOT/package-lock.json" "$stamp"; then
      log "installing npm packages from package-lock.json"
      (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
      cp "$ROOT/package-lock.json" "$stamp"
    fi
  fi
}

# emcc 3.1.6's JS optimizer needs Debian's acorn; node here may not be Debian's.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

slotpay_build() {
  log "building native (Release)"
  cmake --preset native >/dev/null
  cmake --build --preset native
  log "building wasm (Emscripten)"
  cmake --preset wasm >/dev/null
  cmake --build --preset wasm
  log "building the widget (web/dist)"
  node "$ROOT/web/build.mjs"
}

slotpay_test() {
  log "native tests"
  ctest --preset native -j2
  log "wasm tests (node)"
  ctest --preset wasm
  log "core tests under AddressSanitizer + UndefinedBehaviorSanitizer"
  cmake --preset asan >/dev/null
  cmake --build --preset asan --target core_tests slotpay-core server_tests mail_tests
  ctest --preset asan -j2
  # Suites that are not ctest-driven (browser, end-to-end), one script each.
  local suite
  for suite in "$ROOT"/tools/scripts/test.d/*.sh; do
    [ -e "$suite" ] || continue
    log "suite $(basename "$suite" .sh)"
    bash "$suite"
  done
}

# The demo: the local Stripe mock + slotpay-server with the demo merchant on SQLite
# (.cache/demo/demo.db), test keys only. Prints the URL to open; Ctrl-C stops both.
# SLOTPAY_DEMO_CHECK=1 runs a self-check (book, pay, webhook, confirmed) and exits.
slotpay_demo() {
  local port=${SLOTPAY_DEMO_PORT:-8080} mock_port=${SLOTPAY_DEMO_STRIPE_PORT:-12111}
  local data="$ROOT/.cache/demo"
  mkdir -p "$data"
  local sk=sk_test_slotpay_demo pk=pk_test_slotpay_demo whsec=whsec_slotpay_demo acct=acct_1DemoSalon
  SLOTPAY_DEMO_PIDS=()
  # errexit applies inside traps: killing an already-stopped process must not fail the run.
  trap 'kill "${SLOTPAY_DEMO_PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM
  node "$ROOT/tests/stripe_mock/server.mjs" --host 127.0.0.1 --port "$mock_port" \
    --webhook-url "http://127.0.0.1:$port/v1/stripe/webhook" --webhook-secret "$whsec" \
    --secret-key "$sk" --publishable-key "$pk" --seed-account "$acct:standard:onboarded" \
    >"$data/stripe-mock.out" 2>"$data/stripe-mock.log" </dev/null &
  SLOTPAY_DEMO_PIDS+=($!)
  local i
  for i in $(seq 100); do grep -q listening "$data/stripe-mock.out" 2>/dev/null && break; sleep 0.1; done
  grep -q listening "$data/stripe-mock.out" || { cat "$data/stripe-mock.log" >&2; return 1; }
  # The demo merchant's owner (merchant API sign-in); a demo password, printed below.
  local owner=owner@demo.example owner_password='slotpay demo owner'
  STRIPE_SECRET_KEY=$sk STRIPE_PUBLISHABLE_KEY=$pk STRIPE_WEBHOOK_SECRET=$whsec \
  STRIPE_API_BASE="http://127.0.0.1:$mock_port" SLOTPAY_SEED_OWNER_PASSWORD=$owner_password \
    "$ROOT/build/native/server/slotpay-server" --listen "127.0.0.1:$port" --db "$data/demo.db" \
    --seed-merchant "$ROOT/examples/demo-catalog.json" --stripe-account "$acct" --seed-owner "$owner" \
    --allowed-origin "http://127.0.0.1:$port" --examples "$ROOT/examples" --demo --web-dist "$ROOT/web/dist" \
    >/dev/null 2>"$data/server.log" </dev/null &
  SLOTPAY_DEMO_PIDS+=($!)
  for i in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$data/server.log" >&2; return 1; }
  log "slotpay-server on http://127.0.0.1:$port (demo merchant m_demo, SQLite $data/demo.db)"
  log "local Stripe mock on http://127.0.0.1:$mock_port (test keys; webhooks signed to the server)"
  echo
  echo "  Open the widget: http://127.0.0.1:$port/examples/?stripe=http://127.0.0.1:$mock_port"
  echo "  Bare API page:   http://127.0.0.1:$port/examples/server-demo.html?merchant=m_demo&stripe=http://127.0.0.1:$mock_port"
  echo "  Emails a customer would get (no SMTP: kept in the outbox): http://127.0.0.1:$port/demo/outbox"
  echo "  API:  curl http://127.0.0.1:$port/v1/merchants/m_demo/catalog"
  echo "  Merchant sign-in (POST /v1/merchant/signin): $owner / $owner_password"
  echo "  Logs: $data/server.log   Metrics: http://127.0.0.1:$port/metrics (with ADMIN_TOKEN as Bearer)"
  echo
  if [ "${SLOTPAY_DEMO_CHECK:-0}" = 1 ]; then
    local rc=0
    node "$ROOT/tools/scripts/demo-check.mjs" "http://127.0.0.1:$port" "http://127.0.0.1:$mock_port" "$pk" || rc=$?
    kill "${SLOTPAY_DEMO_PIDS[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
    return $rc
  fi
  log "Ctrl-C stops both"
  wait
}

slotpay_bench() {
  log "core benchmark (native)"
  "$ROOT/build/native/tools/slotpay-bench" "${1:-2}"
  log "core benchmark: WASM (node) vs native, same workloads"
  node "$ROOT/wasm/bench.mjs" --seconds "${1:-2}"
  log "widget benchmark (headless Chromium, loopback: services shown and first price, cold and warm)"
  node "$ROOT/tests/web/bench_widget.mjs"
  log "server benchmark (wrk: slotpay-server vs the Node reference on a 250 ms Stripe stand-in)"
  bash "$ROOT/tools/scripts/bench-server.sh"
  log "scale-out benchmark (bookings/s: SQLite, PostgreSQL with 1, 2 and 3 instances)"
  bash "$ROOT/tools/scripts/bench-postgres.sh"
}
