#!/usr/bin/env bash
# The SLA benchmarks (issue 3), each on a fresh server with its own embedded PostgreSQL on
# ports 4100-4199. Stops only what it started.
#   bash bench/run-sla.sh recompute [COUNT]   clocks of COUNT open tickets after a calendar change
#   bash bench/run-sla.sh timers [SECONDS]    timer latency under ticket-creation load
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
MODE="${1:-recompute}"
PORT="${BENCH_PORT:-4100}"
PG_PORT="${BENCH_PG_PORT:-4101}"
DATA="$(pwd)/.tmp/bench-sla-$MODE"
rm -rf "$DATA"; mkdir -p "$DATA" bench/results
RUN_WORKER=true
[ "$MODE" = recompute ] && RUN_WORKER=false

PORT=$PORT HOST=127.0.0.1 DATA_DIR="$DATA" EMBEDDED_PG_PORT=$PG_PORT LOG_LEVEL=warn RUN_WORKER=$RUN_WORKER \
  SERVE_WEB=false ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-pass-123 DB_POOL_SIZE=${DB_POOL_SIZE:-20} \
  node server/src/main.ts > "$DATA/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
URL="postgres://servicedesk:servicedesk@127.0.0.1:$PG_PORT/servicedesk"

if [ "$MODE" = recompute ]; then
  COUNT="${2:-100000}"
  node bench/seed-sla.ts --url "$URL" --count "$COUNT"
  node bench/sla-recompute.ts --url "$URL" --out "bench/results/sla-recompute-$COUNT.json"
else
  node bench/sla-timers.ts --base "http://127.0.0.1:$PORT" --url "$URL" --seconds "${2:-60}" \
    --out "bench/results/sla-timers.json"
fi
