#!/usr/bin/env bash
# Alert intake (issue 11) on a fresh server with its own embedded PostgreSQL and worker, on
# ports 4020/5720 by default (BENCH_PORT, BENCH_PG_PORT). Stops only what it started.
#   bash bench/run-alerts.sh [DISTINCT_ALERTS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
PORT="${BENCH_PORT:-4020}"
PG_PORT="${BENCH_PG_PORT:-5720}"
DATA="$(pwd)/.tmp/bench-alerts"
rm -rf "$DATA"; mkdir -p "$DATA" bench/results

PORT=$PORT HOST=127.0.0.1 DATA_DIR="$DATA" EMBEDDED_PG_PORT=$PG_PORT LOG_LEVEL=warn RUN_WORKER=${RUN_WORKER:-true} \
  SERVE_WEB=false ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-pass-123 DB_POOL_SIZE=${DB_POOL_SIZE:-20} \
  PUBLIC_URL="http://127.0.0.1:$PORT" node server/src/main.ts > "$DATA/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done

node bench/alerts.ts --base "http://127.0.0.1:$PORT" --alerts "${1:-3000}" --rounds "${2:-5}" \
  --out "bench/results/alerts${OUT_SUFFIX:-}.json" ${BENCH_ARGS:-}
