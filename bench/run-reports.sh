#!/usr/bin/env bash
# The reports benchmark (issue 6): a fresh server with its own embedded PostgreSQL, seeded
# with COUNT tickets (bench/seed-tickets.ts) and their history (bench/seed-reports.ts), then
# bench/reports-bench.ts. Stops only what it started. Run it under flock /tmp/sd-bench.lock.
#   bash bench/run-reports.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
COUNT="${1:-1000000}"
PORT="${BENCH_PORT:-4400}"
PG_PORT="${BENCH_PG_PORT:-4491}"
DATA="$(pwd)/.tmp/bench-reports"
if [ "${SKIP_SEED:-}" != "1" ]; then rm -rf "$DATA"; fi
mkdir -p "$DATA" bench/results

PORT=$PORT HOST=127.0.0.1 DATA_DIR="$DATA" EMBEDDED_PG_PORT=$PG_PORT LOG_LEVEL=warn RUN_WORKER=false \
  ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-pass-123 DB_POOL_SIZE=${DB_POOL_SIZE:-20} \
  node server/src/main.ts > "$DATA/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done

URL="postgres://servicedesk:servicedesk@127.0.0.1:$PG_PORT/servicedesk"
if [ "${SKIP_SEED:-}" != "1" ]; then
  node bench/seed-tickets.ts --url "$URL" --count "$COUNT"
  node bench/seed-reports.ts --url "$URL"
elif [ "${ROLLUPS_ONLY:-}" = "1" ]; then
  node bench/seed-reports.ts --url "$URL" --rollups-only
fi
node bench/reports-bench.ts --base "http://127.0.0.1:$PORT" --out "bench/results/reports-$COUNT.json" "${@:2}"
