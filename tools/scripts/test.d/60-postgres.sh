#!/usr/bin/env bash
# PostgreSQL (issue #14), on a throwaway cluster (tools/scripts/pg-cluster.sh: initdb in a
# temporary folder as the postgres user, a Unix socket there and a free loopback port),
# torn down after, also on failure:
#   - the store test suite against PostgreSQL (server_tests [postgres]: the same store
#     tests ctest runs on SQLite, plus PostgreSQL's own);
#   - three slotpay-server instances on one database, 10,000 concurrent booking
#     attempts: no overbooking, no 5xx (tests/server/e2e-postgres/instances.test.mjs);
#   - the database restarted in the middle of bookings (restart.test.mjs);
#   - an instance SIGKILLed while holding work claims (claims.test.mjs);
#   - three instances sharing one outbox and one webhook queue: every email and every
#     merchant webhook event delivered once, in order (outbox_instances.test.mjs);
#   - slotpay-server migrate and check-db (commands.test.mjs).
set -euo pipefail
ROOT=${ROOT:-$(cd "$(dirname "$0")/../../.." && pwd)}
cd "$ROOT"
source tools/scripts/pg-cluster.sh
cmake --build build/native --target slotpay-server server_tests >/dev/null

trap pg_cluster_stop EXIT
pg_cluster_start
echo "postgres: throwaway cluster on 127.0.0.1:$PG_PORT ($PG_DIR)"

SLOTPAY_TEST_DATABASE_URL=$PG_URL timeout 300 build/native/tests/server/server_tests "[postgres]" \
  --warn NoTests 2>"$PG_DIR/server_tests.log" || { tail -50 "$PG_DIR/server_tests.log" >&2; exit 1; }

PG_BIN=$PG_BIN timeout 400 node --test --test-concurrency=1 --test-timeout=180000 tests/server/e2e-postgres/
