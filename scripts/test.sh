#!/usr/bin/env bash
# Runs every test on a fresh machine: installs Node 24, the dependencies and the Debian
# packages the tests drive when missing (Chromium for the browser journeys, Dovecot for the
# IMAP polling tests, a CJK font for PDF reports), then `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[test] installing Debian packages: ${missing[*]}" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# `npm install` with the committed lock, not `npm ci`: the registry here lacks some
# platforms' optional binaries (Biome, jieba for Windows/macOS), which `npm ci` insists on
# finding in the lock; `npm install` installs exactly the locked versions all the same.
npm install --no-audit --no-fund
npm test
