#!/usr/bin/env bash
# Firefox smoke test: installs puppeteer-core from npm (pinned by package-lock.json; PUPPETEER_SKIP_DOWNLOAD
# keeps it from fetching a browser, it drives Debian's /usr/bin/firefox-esr over WebDriver BiDi), serves
# build/web on 127.0.0.1 and runs firefox.test.mjs under xvfb-run (without an X display Firefox has no WebGL).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
export PUPPETEER_SKIP_DOWNLOAD=1
# Reinstall when the lock file changed (npm records what it installed in node_modules/.package-lock.json).
[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error
PORT=${FIREFOX_TEST_PORT:-${BROWSER_TEST_PORT:-8766}}
/usr/bin/python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$ROOT/build/web" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break; sleep 0.1; done
export GRADLAB_URL="http://127.0.0.1:$PORT/" GRADLAB_SHOTS="$ROOT/build/screenshots"
mkdir -p "$GRADLAB_SHOTS"
t0=$SECONDS
status=0
timeout 300 xvfb-run -a -s "-screen 0 1280x1024x24" node --test "$@" ./*.test.mjs || status=$?
echo "Firefox smoke test: $((SECONDS - t0)) s"
exit $status
