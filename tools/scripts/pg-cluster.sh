# A throwaway PostgreSQL 15 cluster for tests and benchmarks (sourced, not run).
# initdb refuses root, so the cluster belongs to the `postgres` user; it listens on a
# Unix socket in its own folder and on a free loopback port, never on the package's
# default cluster.
#
#   source tools/scripts/pg-cluster.sh
#   pg_cluster_start            # sets PG_DIR, PG_PORT, PG_URL (database "slotpay")
#   pg_cluster_restart          # a fast stop and a start (same data, same port)
#   pg_cluster_stop             # stops it and removes its folder (idempotent)
# Callers set a trap that calls pg_cluster_stop, so a failure tears it down too.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# Runs a command as the cluster's owner (the postgres user when we are root).
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

pg_cluster_start() {
  [ -x "$PG_BIN/initdb" ] || { echo "pg-cluster: $PG_BIN/initdb is missing (apt postgresql-15)" >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/slotpay-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
  PG_PORT=$(pg_free_port)
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --no-locale \
    --no-sync >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  # Enough connections for three servers' pools and the tests; fsync stays on (a
  # booking answered is a booking kept), the test data is small.
  cat >>"$PG_DIR/data/postgresql.conf" <<EOF
max_connections = 200
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
shared_buffers = 128MB
EOF
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 start >/dev/null ||
    { cat "$PG_DIR/log" >&2; return 1; }
  "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -X -qAt -c "CREATE DATABASE slotpay" \
    postgres >/dev/null
  PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/slotpay"
  export PG_DIR PG_PORT PG_URL
}

pg_cluster_restart() {
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 start >/dev/null
}

pg_cluster_stop() {
  [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}

# psql on the cluster's slotpay database: pg_psql -c "SELECT ..."
pg_psql() { "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -X -qAt "$@" slotpay; }
