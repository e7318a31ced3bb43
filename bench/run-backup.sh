#!/usr/bin/env bash
# Backup and restore (issue 10): COUNT seeded tickets, `npm run backup` while the server runs,
# `npm run restore` into an empty folder, the restored server started and its counts compared.
# Ports from BENCH_PORT (default 3954) and BENCH_PG_PORT (5654, and +1 for the restored one).
# Stops only what it started.
#   bash bench/run-backup.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
COUNT="${1:-100000}"
PORT="${BENCH_PORT:-3954}"
PG_PORT="${BENCH_PG_PORT:-5654}"
RESTORED_PG_PORT=$((PG_PORT + 1))
DATA="$(pwd)/.tmp/bench-backup/data"
RESTORED="$(pwd)/.tmp/bench-backup/restored"
FILE="$(pwd)/.tmp/bench-backup/desk.tar"
rm -rf .tmp/bench-backup; mkdir -p "$DATA"
chmod 755 .tmp/bench-backup
export HOST=127.0.0.1 LOG_LEVEL=warn SERVE_WEB=false ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-pass-123

PORT=$PORT DATA_DIR="$DATA" EMBEDDED_PG_PORT=$PG_PORT RUN_WORKER=false node server/src/main.ts > .tmp/bench-backup/server.log 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
URL="postgres://servicedesk:servicedesk@127.0.0.1:$PG_PORT/servicedesk"
node bench/seed-tickets.ts --url "$URL" --count "$COUNT"

count() {
  node -e '
    const pg = require("pg");
    const c = new pg.Client({ connectionString: process.argv[1] });
    c.connect().then(async () => {
      const r = await c.query("select (select count(*) from tickets) t, (select count(*) from ticket_messages) m, (select count(*) from audit_events) a, pg_database_size(current_database()) s");
      console.log(JSON.stringify(r.rows[0])); await c.end();
    });' "$1"
}
echo "source:   $(count "$URL")"
start=$(date +%s.%N)
DATA_DIR="$DATA" EMBEDDED_PG_PORT=$PG_PORT npm run --silent backup -- --output "$FILE" | tail -1
backup_s=$(echo "$(date +%s.%N) - $start" | bc)
ls -l "$FILE"
kill $SERVER_PID; wait $SERVER_PID || true

start=$(date +%s.%N)
DATA_DIR="$RESTORED" EMBEDDED_PG_PORT=$RESTORED_PG_PORT npm run --silent restore -- "$FILE" | tail -1
restore_s=$(echo "$(date +%s.%N) - $start" | bc)
PORT=$PORT DATA_DIR="$RESTORED" EMBEDDED_PG_PORT=$RESTORED_PG_PORT RUN_WORKER=false node server/src/main.ts > .tmp/bench-backup/restored.log 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
echo "restored: $(count "postgres://servicedesk:servicedesk@127.0.0.1:$RESTORED_PG_PORT/servicedesk")"
echo "backup ${backup_s}s, restore ${restore_s}s (each including node start-up)"
