#!/usr/bin/env bash
# Sets up and starts ServiceDesk on a fresh machine: Node 24, dependencies, the web app,
# then the server with its own embedded PostgreSQL in ./data (or DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# `npm install` with the committed lock, not `npm ci`: the registry here lacks some
# platforms' optional binaries (Biome, jieba for Windows/macOS), which `npm ci` insists on
# finding in the lock; `npm install` installs exactly the locked versions all the same.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
export DEMO_DATA="${DEMO_DATA:-true}"
npm run build:web
# The server replaces this shell, so that SIGTERM and SIGINT (systemd, docker stop, Ctrl-C)
# reach it directly and it stops in order (`npm start` runs it under `sh -c`, which dies on
# SIGTERM and leaves the server running). After a crash (SIGKILL) the same command starts
# it again: it stops the PostgreSQL that the killed server left running (docs/operations.md).
exec node server/src/main.ts
