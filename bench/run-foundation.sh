#!/usr/bin/env bash
# The foundation benchmark (issue 2): a fresh server with its own embedded PostgreSQL,
# seeded with COUNT tickets, then bench/load-tickets.ts. Stops only what it started.
#   bash bench/run-foundation.sh [COUNT] [load-tickets options]
#   SKIP_SEED=1 bash bench/run-foundation.sh COUNT --phases read --read-generator wrk   # reuse the data
# (--read-generator wrk needs `apt-get install -y wrk`.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
COUNT="${1:-1000000}"
PORT="${BENCH_PORT:-4000}"
PG_PORT="${BENCH_PG_PORT:-5490}"
DATA="$(pwd)/.tmp/bench-foundation"
if [ "${SKIP_SEED:-}" != "1" ]; then rm -rf "$DATA"; fi
mkdir -p "$DATA" bench/results

PORT=$PORT HOST=127.0.0.1 DATA_DIR="$DATA" EMBEDDED_PG_PORT=$PG_PORT LOG_LEVEL=warn \
  ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-pass-123 DB_POOL_SIZE=${DB_POOL_SIZE:-20} \
  node server/src/main.ts > "$DATA/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done

if [ "${SKIP_SEED:-}" != "1" ]; then
  node bench/seed-tickets.ts --url "postgres://servicedesk:servicedesk@127.0.0.1:$PG_PORT/servicedesk" --count "$COUNT"
fi
node bench/load-tickets.ts --base "http://127.0.0.1:$PORT" --out "bench/results/foundation-$COUNT${OUT_SUFFIX:-}.json" "${@:2}"
