#!/usr/bin/env bash
# Server benchmark (issue #8), loopback only; prints figures, asserts nothing:
#   - booking creation (each request a real, accepted booking that creates a
#     PaymentIntent) against a Stripe stand-in answering after 250 ms, slotpay-server and
#     then the Node reference (Express + luxon + stripe-node, tests/bench/node-reference)
#     on the same stand-in, catalog and requests; the ratio of the two;
#   - availability for 7 days; /healthz;
#   - slotpay-server's resident memory, sampled every 200 ms for the whole run.
#   tools/scripts/bench-server.sh [seconds per booking run, default 10] [connections, default 512]
# Env: BENCH_DELAY_MS (stand-in delay, 250), BENCH_THREADS (slotpay-server --threads;
# default: the server's own default), BENCH_WARMUP (seconds, 3), BENCH_SERVER_ARGS (more
# slotpay-server flags, e.g. a higher per-client connection cap: wrk's 512 connections all
# come from 127.0.0.1).
set -euo pipefail
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT"
SECS=${1:-${BENCH_SECONDS:-10}}
CONNS=${2:-${BENCH_CONNECTIONS:-512}}
DELAY=${BENCH_DELAY_MS:-250}
WARM=${BENCH_WARMUP:-3}
THREADS=${BENCH_THREADS:-}
AVAIL_CONNS=64 AVAIL_SECS=10 HEALTH_SECS=5 DAYS=90
CATALOG=tests/bench/catalog.json MERCHANT=m_bench
SERVER=build/native/server/slotpay-server

# wrk's 512 connections, the servers' 512 + their Stripe connections: raise the limit.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ]; then ulimit -n 65536; else ulimit -n "$hard"; fi

command -v wrk >/dev/null || { echo "bench: wrk is missing (./slotpay setup)" >&2; exit 1; }
(cd tests/bench/node-reference && node --input-type=module -e "await import('express'); await import('luxon'); await import('stripe')") ||
  { echo "bench: the Node reference needs express, luxon and stripe: run 'npm ci' (or ./slotpay setup)" >&2; exit 1; }
[ -d build/native ] || { echo "bench: build/native is missing (./slotpay build)" >&2; exit 1; }
cmake --build build/native --target slotpay-server >/dev/null

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# wait_line FILE PATTERN WHAT: until a process prints its "listening" line (10 s).
wait_line() {
  for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "bench: $3 did not start" >&2
  cat "$1" "${1%.out}.err" >&2 2>/dev/null || true
  exit 1
}

SK=sk_test_bench_platform PK=pk_test_bench_platform WHSEC=whsec_bench_secret ACCT=acct_1BenchStudio
node tests/bench/stripe-standin.mjs --host 127.0.0.1 --port 0 --delay-ms "$DELAY" >"$WORK/standin.out" 2>"$WORK/standin.err" &
STANDIN_PID=$!
PIDS+=($STANDIN_PID)
wait_line "$WORK/standin.out" listening "the Stripe stand-in"
STANDIN=$(grep -o 'http://[0-9.:]*' "$WORK/standin.out" | head -1)

# A free port for slotpay-server, which is then polled on /healthz (works whatever it logs).
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
STRIPE_SECRET_KEY=$SK STRIPE_PUBLISHABLE_KEY=$PK STRIPE_WEBHOOK_SECRET=$WHSEC \
  "$SERVER" --listen "127.0.0.1:$PORT" --db "$WORK/bench.db" --quiet --stripe-api-base "$STANDIN" \
  --seed-merchant "$CATALOG" --stripe-account "$ACCT" --booking-rate 0 --read-rate 0 \
  --max-holds-per-client 0 --max-holds-per-email 0 --max-holds-per-merchant 0 ${THREADS:+--threads "$THREADS"} \
  ${BENCH_SERVER_ARGS:-} \
  >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
PIDS+=($SERVER_PID)
SLOTPAY="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -fs "$SLOTPAY/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$SLOTPAY/healthz" >/dev/null || { echo "bench: slotpay-server did not start" >&2; cat "$WORK/server.err" >&2; exit 1; }

STRIPE_SECRET_KEY=$SK NODE_ENV=production node tests/bench/node-reference/server.mjs --catalog "$CATALOG" \
  --stripe-account "$ACCT" --stripe-api-base "$STANDIN" --listen 127.0.0.1:0 >"$WORK/node.out" 2>"$WORK/node.err" &
NODE_PID=$!
PIDS+=($NODE_PID)
wait_line "$WORK/node.out" listening "the Node reference"
NODEREF=$(grep -o 'http://[0-9.:]*' "$WORK/node.out" | head -1)

# Resident memory (kB) every 200 ms while the process lives.
sample_rss() {
  while [ -r "/proc/$1/status" ]; do
    awk '/^VmRSS:/ {print $2}' "/proc/$1/status" >>"$2" 2>/dev/null || break
    sleep 0.2
  done
}
sample_rss "$SERVER_PID" "$WORK/rss-slotpay" &
PIDS+=($!)
sample_rss "$NODE_PID" "$WORK/rss-node" &
PIDS+=($!)

node tests/bench/starts.mjs "$CATALOG" "$DAYS" >"$WORK/starts.lua"
FROM=$(sed -n 's/^FROM = "\(.*\)"/\1/p' "$WORK/starts.lua")
TO=$(date -u -d "$FROM + 7 days" +%F)
NSTARTS=$(($(grep -o '","' "$WORK/starts.lua" | wc -l) + 1))

stand_in_creates() { curl -fs "$STANDIN/_standin/stats" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).create_payment_intent??0))'; }

# wrk_run CONNS SECS URL [book.lua args...]: sets R_REQUESTS R_RPS R_P50 R_P99 R_MAX R_NON2XX
# R_ERRORS R_UNANSWERED (see tests/bench/wrk-report.lua).
wrk_run() {
  local conns=$1 secs=$2 url=$3 line
  shift 3
  local script=(-s tests/bench/wrk-report.lua "$url")
  [ $# -gt 0 ] && script=(-s tests/bench/book.lua "$url" -- "$@")
  R_REQUESTS=0 R_RPS=- R_P50=- R_P99=- R_MAX=- R_NON2XX=- R_ERRORS=- R_UNANSWERED=-
  line=$(timeout $((secs + 60)) wrk -t2 -c"$conns" -d"${secs}s" --timeout 30s "${script[@]}" 2>&1 | grep '^RESULT ') ||
    { echo "bench: wrk gave no result for $url" >&2; return 0; }
  eval "$(echo "$line" | sed 's/^RESULT //; s/requests=/R_REQUESTS=/; s/rps=/R_RPS=/; s/p50_ms=/R_P50=/; s/p99_ms=/R_P99=/; s/max_ms=/R_MAX=/; s/non2xx=/R_NON2XX=/; s/socket_errors=/R_ERRORS=/; s/unanswered=/R_UNANSWERED=/')"
}
COLS='%-40s %9s %9s %9s %9s %8s %6s %10s %s\n'
row() {  # name [PaymentIntents]
  printf "$COLS" "$1" "$R_RPS" "${R_P50}ms" "${R_P99}ms" "${R_MAX}ms" "$R_NON2XX" "$R_ERRORS" "$R_UNANSWERED" "${2:-}"
}

# CPU time (clock ticks) a process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# percent of one core used over SECS seconds between two cpu_ticks readings
cpu_pct() { awk -v a="$1" -v b="$2" -v s="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%d%%", (b - a) / hz / s * 100}'; }

# book NAME URL PID: a warm-up, then the measured run; prints a row and sets BOOK_RPS.
book() {
  wrk_run "$CONNS" "$WARM" "$2" "$WORK/starts.lua" "$MERCHANT"
  drain
  local before after s0 s1 p0 p1
  before=$(stand_in_creates) s0=$(cpu_ticks "$STANDIN_PID") p0=$(cpu_ticks "$3")
  wrk_run "$CONNS" "$SECS" "$2" "$WORK/starts.lua" "$MERCHANT"
  after=$(stand_in_creates) s1=$(cpu_ticks "$STANDIN_PID") p1=$(cpu_ticks "$3")
  BOOK_RPS=$R_RPS
  row "$1" "$((after - before)) (CPU: server $(cpu_pct "$p0" "$p1" "$SECS"), stand-in $(cpu_pct "$s0" "$s1" "$SECS"))"
  drain
}

# get NAME SECS URL: a GET run at AVAIL_CONNS connections against slotpay-server.
get() {
  local p0 p1
  p0=$(cpu_ticks "$SERVER_PID")
  wrk_run "$AVAIL_CONNS" "$2" "$3"
  p1=$(cpu_ticks "$SERVER_PID")
  row "$1" "(CPU: server $(cpu_pct "$p0" "$p1" "$2"))"
}

# Until the servers have answered what wrk left in flight: no new PaymentIntent for 1 s
# (at most 60 s), so that a run does not pay for the previous one's backlog.
drain() {
  local last now
  last=$(stand_in_creates)
  for _ in $(seq 60); do
    sleep 1
    now=$(stand_in_creates)
    [ "$now" = "$last" ] && return 0
    last=$now
  done
}

printf 'slotpay-server benchmark (issue #8): %s cores (load average %s at start), loopback, wrk 2 threads (--timeout 30s)\n' \
  "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'Stripe stand-in: PaymentIntent creation answered after %s ms; slotpay-server --threads %s\n' "$DELAY" "${THREADS:-(its default)}"
printf 'bookings: %s connections, %s s each after a %s s warm-up, spread over %s starts of %s (%s days)\n' \
  "$CONNS" "$SECS" "$WARM" "$NSTARTS" "$CATALOG" "$DAYS"
printf 'availability (7 days) and /healthz: %s connections, %s s and %s s\n\n' "$AVAIL_CONNS" "$AVAIL_SECS" "$HEALTH_SECS"
printf "$COLS" scenario req/s p50 p99 max non-2xx errors unanswered "PaymentIntents created (CPU, 100% = a core)"

book "POST bookings: slotpay-server" "$SLOTPAY" "$SERVER_PID"
SLOTPAY_RPS=$BOOK_RPS SLOTPAY_P99=$R_P99 SLOTPAY_NON2XX=$R_NON2XX SLOTPAY_ERRORS=$R_ERRORS
SLOTPAY_BOOKED=$(stand_in_creates)
book "POST bookings: node-reference" "$NODEREF" "$NODE_PID"
NODE_RPS=$BOOK_RPS
get "GET availability 7 days: slotpay-server" "$AVAIL_SECS" \
  "$SLOTPAY/v1/merchants/$MERCHANT/availability?service=class&staff=any&from=$FROM&to=$TO"
AVAIL_RPS=$R_RPS AVAIL_NON2XX=$R_NON2XX
get "GET /healthz: slotpay-server" "$HEALTH_SECS" "$SLOTPAY/healthz"

HWM=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status")
NODE_HWM=$(awk '/^VmHWM:/ {print $2}' "/proc/$NODE_PID/status")
peak() { sort -n "$1" | tail -1; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f MB", k / 1024}'; }
echo
awk -v a="$SLOTPAY_RPS" -v b="$NODE_RPS" 'BEGIN {if (b > 0) printf "bookings/s slotpay-server / node-reference: %.2fx\n", a / b; else print "bookings/s ratio: node-reference made none"}'
echo "availability ran over the $SLOTPAY_BOOKED bookings slotpay-server made (warm-up included), $DAYS days of them"
printf 'slotpay-server memory: peak RSS %s (sampled every 200 ms, %s samples), VmHWM %s\n' \
  "$(mb "$(peak "$WORK/rss-slotpay")")" "$(wc -l <"$WORK/rss-slotpay")" "$(mb "$HWM")"
printf 'node-reference memory: peak RSS %s, VmHWM %s\n' "$(mb "$(peak "$WORK/rss-node")")" "$(mb "$NODE_HWM")"
kill "$STANDIN_PID" && wait "$STANDIN_PID" 2>/dev/null || true
echo "Stripe stand-in: $(grep stripe_standin_requests "$WORK/standin.out" || echo '(no counts)')"

# The issue's figures, each against its target (printed, not asserted).
RSS_PEAK_KB=$(peak "$WORK/rss-slotpay")
[ "${HWM:-0}" -gt "${RSS_PEAK_KB:-0}" ] 2>/dev/null && RSS_PEAK_KB=$HWM
target() {  # what measured verdict-expression(awk, on m)
  local verdict
  verdict=$(awk -v m="$2" "BEGIN {if (m == \"-\" || m == \"\") print \"no figure\"; else if ($3) print \"met\"; else print \"MISSED\"}")
  printf '  %-58s %14s  %s\n' "$1" "$2" "$verdict"
}
echo
echo "issue #8 targets (this run):"
target "bookings/s at $CONNS connections (>= 2,000)" "$SLOTPAY_RPS" 'm >= 2000'
target "bookings p99 latency, ms (<= 600)" "$SLOTPAY_P99" 'm <= 600'
target "bookings answers not 2xx + socket errors (0)" "$((${SLOTPAY_NON2XX/-/0} + ${SLOTPAY_ERRORS/-/0}))" 'm == 0'
target "availability 7 days req/s at $AVAIL_CONNS connections (>= 10,000)" "$AVAIL_RPS" 'm >= 10000'
target "availability answers not 2xx (0)" "$AVAIL_NON2XX" 'm == 0'
target "slotpay-server peak resident memory, MB (<= 150)" "$(awk -v k="$RSS_PEAK_KB" 'BEGIN {printf "%.1f", k / 1024}')" 'm <= 150'
target "bookings/s slotpay-server / node-reference (>= 10x)" "$(awk -v a="$SLOTPAY_RPS" -v b="$NODE_RPS" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')" 'm >= 10'
echo "(on $(nproc) cores shared by wrk, the Stripe stand-in and both servers; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
