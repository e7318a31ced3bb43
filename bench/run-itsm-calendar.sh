#!/usr/bin/env bash
# The change calendar benchmark (issue 14): a fresh server with its own embedded PostgreSQL,
# seeded and measured by bench/itsm-calendar.ts. Stops only what it started.
#   bash bench/run-itsm-calendar.sh [--runs 300]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
PORT="${BENCH_PORT:-4533}"
PG_PORT="${BENCH_PG_PORT:-4534}"
DATA="$(pwd)/.tmp/bench-itsm-calendar"
if [ "${SKIP_SEED:-}" != "1" ]; then rm -rf "$DATA"; fi
mkdir -p "$DATA"

PORT=$PORT HOST=127.0.0.1 DATA_DIR="$DATA" EMBEDDED_PG_PORT=$PG_PORT LOG_LEVEL=warn RUN_WORKER=false \
  ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-pass-123 \
  node server/src/main.ts > "$DATA/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done

URL="postgres://servicedesk:servicedesk@127.0.0.1:$PG_PORT/servicedesk"
node bench/itsm-calendar.ts --base "http://127.0.0.1:$PORT" --url "$URL" "$@"
