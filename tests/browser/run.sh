#!/usr/bin/env bash
# Browser tests: installs playwright-core from npm (pinned by package-lock.json; it drives Debian's
# /usr/bin/chromium, it downloads no browser), serves build/web on 127.0.0.1 and runs every *.test.mjs here.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
# Reinstall when the lock file changed (npm records what it installed in node_modules/.package-lock.json).
[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error
PORT=${BROWSER_TEST_PORT:-8765}
/usr/bin/python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$ROOT/build/web" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break; sleep 0.1; done
export GRADLAB_URL="http://127.0.0.1:$PORT/" GRADLAB_SHOTS="$ROOT/build/screenshots"
mkdir -p "$GRADLAB_SHOTS"
node --test "$@" ./*.test.mjs
