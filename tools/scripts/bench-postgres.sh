#!/usr/bin/env bash
# Scale-out benchmark (issue #14), loopback only; prints figures, asserts nothing:
# booking creation (each request a real, accepted booking with a PaymentIntent) against
# one Stripe stand-in answering after 250 ms, in one run, on
#   - SQLite (one instance, a fresh file),
#   - PostgreSQL with 1, 2 and 3 instances on one database (a fresh database each, on a
#     throwaway cluster: tools/scripts/pg-cluster.sh),
# with req/s, p50/p99/max, non-2xx and, for PostgreSQL, the commits per booking
# (pg_stat_database.xact_commit before and after the measured run, over the
# PaymentIntents the stand-in created meanwhile). Several instances: one wrk per
# instance, the connections split between them; req/s summed, p99 the worst instance's.
#   tools/scripts/bench-postgres.sh [seconds per run, default 10] [connections, default 512]
# Env: BENCH_DELAY_MS (250), BENCH_WARMUP (3), BENCH_DB_POOL (slotpay-server --db-pool, 8),
# BENCH_SERVER_ARGS (more slotpay-server flags).
set -euo pipefail
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT"
SECS=${1:-${BENCH_SECONDS:-10}}
CONNS=${2:-${BENCH_CONNECTIONS:-512}}
DELAY=${BENCH_DELAY_MS:-250}
WARM=${BENCH_WARMUP:-3}
POOL=${BENCH_DB_POOL:-8}
CATALOG=tests/bench/catalog.json MERCHANT=m_bench DAYS=90
SERVER=build/native/server/slotpay-server
source tools/scripts/pg-cluster.sh

hard=$(ulimit -Hn)
if [ "$hard" = unlimited ]; then ulimit -n 65536; else ulimit -n "$hard"; fi
command -v wrk >/dev/null || { echo "bench: wrk is missing (./slotpay setup)" >&2; exit 1; }
[ -d build/native ] || { echo "bench: build/native is missing (./slotpay build)" >&2; exit 1; }
cmake --build build/native --target slotpay-server >/dev/null

WORK=$(mktemp -d)
PIDS=()
SERVERS=()
cleanup() {
  for p in "${SERVERS[@]}" "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pg_cluster_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_line() {
  for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "bench: $3 did not start" >&2
  cat "$1" "${1%.out}.err" >&2 2>/dev/null || true
  exit 1
}

SK=sk_test_bench_platform PK=pk_test_bench_platform WHSEC=whsec_bench_secret ACCT=acct_1BenchStudio
node tests/bench/stripe-standin.mjs --host 127.0.0.1 --port 0 --delay-ms "$DELAY" >"$WORK/standin.out" 2>"$WORK/standin.err" &
PIDS+=($!)
wait_line "$WORK/standin.out" listening "the Stripe stand-in"
STANDIN=$(grep -o 'http://[0-9.:]*' "$WORK/standin.out" | head -1)
stand_in_creates() { curl -fs "$STANDIN/_standin/stats" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).create_payment_intent??0))'; }

pg_cluster_start

node tests/bench/starts.mjs "$CATALOG" "$DAYS" >"$WORK/starts.lua"

# start_servers DB N: N slotpay-server instances on DB; sets URLS.
start_servers() {
  local db=$1 n=$2 i port
  URLS=()
  SERVERS=()
  for i in $(seq "$n"); do
    port=$(pg_free_port)
    STRIPE_SECRET_KEY=$SK STRIPE_PUBLISHABLE_KEY=$PK STRIPE_WEBHOOK_SECRET=$WHSEC \
      "$SERVER" --listen "127.0.0.1:$port" --db "$db" --db-pool "$POOL" --quiet \
      --stripe-api-base "$STANDIN" --seed-merchant "$CATALOG" --stripe-account "$ACCT" \
      --booking-rate 0 --read-rate 0 --max-holds-per-client 0 --max-holds-per-email 0 \
      --max-holds-per-merchant 0 --instance-id "bench_$i" ${BENCH_SERVER_ARGS:-} \
      >"$WORK/server$i.out" 2>"$WORK/server$i.err" &
    SERVERS+=($!)
    URLS+=("http://127.0.0.1:$port")
  done
  for url in "${URLS[@]}"; do
    for _ in $(seq 100); do curl -fs "$url/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -fs "$url/healthz" >/dev/null || { echo "bench: slotpay-server did not start" >&2; cat "$WORK"/server*.err >&2; exit 1; }
  done
}

stop_servers() {
  for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${SERVERS[@]}"; do wait "$p" 2>/dev/null || true; done
  SERVERS=()
}

# wrk_all SECS: one wrk per URL, CONNS split; sets R_RPS R_P50 R_P99 R_MAX R_NON2XX R_ERRORS.
wrk_all() {
  local secs=$1 n=${#URLS[@]} i=0 url wrks=()
  local per=$(((CONNS + n - 1) / n))
  for url in "${URLS[@]}"; do
    i=$((i + 1))
    timeout $((secs + 60)) wrk -t2 -c"$per" -d"${secs}s" --timeout 30s -s tests/bench/book.lua "$url" \
      -- "$WORK/starts.lua" "$MERCHANT" >"$WORK/wrk$i.out" 2>&1 &
    wrks+=($!)
  done
  wait "${wrks[@]}" 2>/dev/null || true
  eval "$(cat "$WORK"/wrk*.out | grep '^RESULT ' | node -e '
    let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
      const rows = s.trim().split("\n").filter(Boolean).map((l) => Object.fromEntries(
        l.replace(/^RESULT /, "").split(" ").map((kv) => kv.split("=")).map(([k, v]) => [k, Number(v)])));
      const sum = (k) => rows.reduce((a, r) => a + r[k], 0);
      const max = (k) => Math.max(...rows.map((r) => r[k]));
      console.log(`R_RPS=${sum("rps").toFixed(1)} R_P50=${max("p50_ms")} R_P99=${max("p99_ms")} R_MAX=${max("max_ms")} R_NON2XX=${sum("non2xx")} R_ERRORS=${sum("socket_errors")} R_N=${rows.length}`);
    });')"
  rm -f "$WORK"/wrk*.out
}

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

pg_commits() {
  "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -X -qAt \
    -c "SELECT xact_commit FROM pg_stat_database WHERE datname = '$1'" postgres
}

COLS='%-34s %9s %9s %9s %9s %8s %6s  %s\n'
printf 'slotpay-server scale-out benchmark (issue #14): %s cores (load average %s at start), loopback\n' \
  "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'Stripe stand-in: PaymentIntent creation answered after %s ms; %s wrk connections in all, %s s per run after a %s s warm-up\n' \
  "$DELAY" "$CONNS" "$SECS" "$WARM"
printf 'PostgreSQL 15 throwaway cluster (fsync on), --db-pool %s per instance; SQLite: one file (WAL)\n\n' "$POOL"
printf "$COLS" scenario bookings/s p50 p99 max non-2xx errors "PaymentIntents (PostgreSQL commits per booking)"

# run NAME DB N [PG_DATABASE]
run() {
  local name=$1 db=$2 n=$3 pgdb=${4:-} before after c0 c1 extra
  start_servers "$db" "$n"
  wrk_all "$WARM"
  drain
  before=$(stand_in_creates)
  [ -n "$pgdb" ] && c0=$(pg_commits "$pgdb")
  wrk_all "$SECS"
  drain
  after=$(stand_in_creates)
  extra="$((after - before))"
  if [ -n "$pgdb" ]; then
    sleep 1  # backends report their counts to pg_stat_database within a second
    c1=$(pg_commits "$pgdb")
    extra="$extra ($(awk -v c=$((c1 - c0)) -v b=$((after - before)) 'BEGIN {if (b > 0) printf "%.2f", c / b; else print "-"}'))"
  fi
  printf "$COLS" "$name" "$R_RPS" "${R_P50}ms" "${R_P99}ms" "${R_MAX}ms" "$R_NON2XX" "$R_ERRORS" "$extra"
  stop_servers
}

run "SQLite, 1 instance" "$WORK/bench.db" 1
for n in 1 2 3; do
  dbname="bench_$n"
  "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -X -qAt -c "CREATE DATABASE $dbname" postgres >/dev/null
  run "PostgreSQL, $n instance$([ "$n" -gt 1 ] && echo s)" "postgresql://postgres@127.0.0.1:$PG_PORT/$dbname" "$n" "$dbname"
done
echo
echo "Several instances share this machine's 2 cores with wrk, the stand-in and PostgreSQL:"
echo "the figures show the cost of the shared database, not the gain of more machines."
