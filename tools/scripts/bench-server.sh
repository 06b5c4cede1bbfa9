#!/usr/bin/env bash
# Load benchmark of slotpay-server with wrk: availability (GET) and booking creation
# (POST, each booking creates a PaymentIntent on the local Stripe mock). Prints
# requests/s and p99 per scenario; asserts nothing. Loopback only.
#   tools/scripts/bench-server.sh [seconds per scenario, default 8] [connections, default 32]
set -euo pipefail
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT"
SECS=${1:-8}
CONNS=${2:-32}
cmake --build build/native --target slotpay-server >/dev/null

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

SK=sk_test_bench_platform PK=pk_test_bench_platform WHSEC=whsec_bench_secret ACCT=acct_1BenchSalon
node tests/stripe_mock/server.mjs --host 127.0.0.1 --port 0 --secret-key "$SK" --publishable-key "$PK" \
  --seed-account "$ACCT:standard:onboarded" >"$WORK/mock.out" 2>"$WORK/mock.err" &
PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$WORK/mock.out" 2>/dev/null && break; sleep 0.1; done
MOCK_URL=$(grep -o 'http://[0-9.:]*' "$WORK/mock.out" | head -1)
[ -n "$MOCK_URL" ] || { echo "stripe mock did not start" >&2; cat "$WORK/mock.err" >&2; exit 1; }

STRIPE_SECRET_KEY=$SK STRIPE_PUBLISHABLE_KEY=$PK STRIPE_WEBHOOK_SECRET=$WHSEC \
  build/native/server/slotpay-server --listen 127.0.0.1:0 --db "$WORK/bench.db" --quiet \
  --stripe-api-base "$MOCK_URL" --seed-merchant tests/server/e2e/catalog.json --stripe-account "$ACCT" \
  --booking-rate 0 --threads 64 2>"$WORK/server.log" &
PIDS+=($!)
for _ in $(seq 100); do grep -q '"listening"' "$WORK/server.log" 2>/dev/null && break; sleep 0.1; done
PORT=$(grep '"listening"' "$WORK/server.log" | sed 's/.*"port":\([0-9]*\).*/\1/')
[ -n "$PORT" ] || { echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"

# Booking starts over the next weeks (New York offsets computed by node), so that
# capacity never runs out during the run; wrk's lua picks one at random per request.
node -e '
const zone = "America/New_York", out = [];
for (let d = 3; d < 80; d++) {
  const day = new Date(Date.now() + d * 86400000);
  const date = new Intl.DateTimeFormat("en-CA", {timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"}).format(day);
  const off = new Intl.DateTimeFormat("en-US", {timeZone: zone, timeZoneName: "longOffset"}).format(new Date(date + "T12:00:00Z")).match(/GMT([+-]\d\d:\d\d)/)[1];
  for (let h = 8; h < 19; h++) for (const m of ["00", "30"]) out.push(`${date}T${String(h).padStart(2, "0")}:${m}:00${off}`);
}
console.log("starts = {" + out.map((s) => JSON.stringify(s)).join(",") + "}");
console.log("FROM = " + JSON.stringify(out[0].slice(0, 10)));
' >"$WORK/starts.lua"
FROM=$(sed -n 's/^FROM = "\(.*\)"/\1/p' "$WORK/starts.lua")
TO=$(date -u -d "$FROM + 1 day" +%F)

cat >"$WORK/book.lua" <<LUA
dofile("$WORK/starts.lua")
math.randomseed(os.time())
local n = 0
request = function()
  n = n + 1
  local start = starts[math.random(#starts)]
  local body = string.format('{"service":"class","staff":"any","start":"%s","quantity":1,"customer":{"name":"Bench %d","email":"b%d@example.com"}}', start, n, n)
  return wrk.format("POST", "/v1/merchants/m_e2e/bookings", {["Content-Type"] = "application/json"}, body)
end
LUA

run() {
  local name=$1; shift
  local out
  out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$@")
  local rps p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  printf '%-34s %10s req/s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p99" "${non2xx:-0}"
}

echo "slotpay-server benchmark: ${SECS}s per scenario, $CONNS connections, 2 wrk threads"
run "GET /healthz" "$BASE/healthz"
run "GET availability (class, 1 day)" "$BASE/v1/merchants/m_e2e/availability?service=class&staff=any&from=$FROM&to=$TO"
run "POST bookings (+ PaymentIntent)" -s "$WORK/book.lua" "$BASE"
run "GET availability after bookings" "$BASE/v1/merchants/m_e2e/availability?service=class&staff=any&from=$FROM&to=$TO"
