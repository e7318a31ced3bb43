#!/usr/bin/env bash
# CPU time (server process + its PostgreSQL) per ticket read of two checkouts, alternating, on the
# data their foundation runs left (bench/run-foundation.sh). CPU time per request depends little on
# other load. Usage: BEFORE=/path/a AFTER=/path/b bash bench/arch/read-cpu-ab.sh
set -uo pipefail
cpu() { # utime+stime in ticks of a pid and its children
  local t=0; for p in "$@"; do read -r -a f < /proc/$p/stat 2>/dev/null || continue; t=$((t + f[13] + f[14])); done; echo $t; }
for round in 1 2; do for side in before after; do
  dir=$BEFORE; [ $side = after ] && dir=$AFTER
  cd $dir; source scripts/env.sh >/dev/null 2>&1
  DATA=$dir/.tmp/bench-foundation
  PORT=4391 HOST=127.0.0.1 DATA_DIR=$DATA EMBEDDED_PG_PORT=5591 LOG_LEVEL=warn RUN_WORKER=false \
    ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-pass-123 node server/src/main.ts > /tmp/read-cpu-server.log 2>&1 &
  SP=$!
  for _ in $(seq 1 120); do curl -sf http://127.0.0.1:4391/readyz >/dev/null && break; sleep 0.5; done
  node bench/load-tickets.ts --base http://127.0.0.1:4391 --phases read --seconds 5 --connections 8 --out /tmp/warm.json >/dev/null 2>&1
  PM=$(head -1 $DATA/pg/postmaster.pid); PGC=$(pgrep -P $PM | tr '\n' ' ')
  a=$(cpu $SP $PGC)
  node bench/load-tickets.ts --base http://127.0.0.1:4391 --phases read --seconds 15 --connections 8 --out /tmp/read-$side-$round.json > /dev/null 2>&1
  b=$(cpu $SP $PGC)
  n=$(python3 -c "import json;print(json.load(open('/tmp/read-$side-$round.json'))['read']['total'])")
  echo "round $round $side: reads $n, cpu ticks $((b-a)), us/read $(python3 -c "print(round(($b-$a)*10000/$n,1))")"
  kill $SP; wait $SP 2>/dev/null
  for _ in $(seq 1 60); do ss -ltn | grep -q ":5591 " || break; sleep 0.5; done
done; done
