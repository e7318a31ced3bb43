#!/usr/bin/env bash
# Runs every test on a fresh machine: installs Node 24, the dependencies and Debian's
# Chromium (for the browser tests) when missing, then `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if [ ! -x /usr/bin/chromium ]; then
  echo "[test] installing Debian's chromium for the browser tests" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
npm ci --no-audit --no-fund
npm test
