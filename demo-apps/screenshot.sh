#!/usr/bin/env bash
# Regenerates docs/demo-trace.png: runs the demo (demo-apps/run.sh), opens its sample trace in
# Zipkin's UI with headless Chromium, saves the picture, then stops the demo.
#   demo-apps/screenshot.sh [--duration SECONDS] [--out FILE]
# Needs Chromium: on Debian/Ubuntu 'apt-get install -y chromium' (this script does that when it runs
# as root and Chromium is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=12
OUT=docs/demo-trace.png
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="${2:?--duration needs a number of seconds}"; shift 2 ;;
    --out) OUT="${2:?--out needs a file name}"; shift 2 ;;
    *) echo "screenshot: unknown option $1; usage: demo-apps/screenshot.sh [--duration SECONDS] [--out FILE]" >&2; exit 64 ;;
  esac
done

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "screenshot: installing Chromium (apt-get update && apt-get install -y chromium) ..."
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
    CHROMIUM=$(command -v chromium)
  else
    echo "screenshot: Chromium is missing; install it (Debian/Ubuntu: sudo apt-get install -y chromium) and run again" >&2
    exit 1
  fi
fi

LOG=$(mktemp "${TMPDIR:-/tmp}/switchboard-screenshot.XXXXXX")
PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-chromium.XXXXXX")
DEMO=""
stop_demo() {
  if [ -n "$DEMO" ] && kill -0 "$DEMO" 2>/dev/null; then
    kill "$DEMO" 2>/dev/null || true   # run.sh stops everything it started on SIGTERM
    wait "$DEMO" 2>/dev/null || true
  fi
  rm -rf "$LOG" "$PROFILE"
}
trap stop_demo EXIT

echo "screenshot: running the demo for a sample trace (demo-apps/run.sh --duration $DURATION) ..."
demo-apps/run.sh --duration "$DURATION" >"$LOG" 2>&1 &
DEMO=$!
TRACE=""
for _ in $(seq 1 600); do
  TRACE=$(sed -n 's/^demo: requests=.* trace=\(http[^ ]*\)$/\1/p' "$LOG")
  [ -n "$TRACE" ] && break
  kill -0 "$DEMO" 2>/dev/null || { cat "$LOG" >&2; echo "screenshot: the demo exited early" >&2; exit 1; }
  sleep 1
done
[ -n "$TRACE" ] || { cat "$LOG" >&2; echo "screenshot: the demo printed no trace within 10 minutes" >&2; exit 1; }
grep '^demo: requests=' "$LOG"

mkdir -p "$(dirname "$OUT")"
echo "screenshot: $TRACE -> $OUT"
"$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$PROFILE" \
  --window-size=1400,760 --virtual-time-budget=15000 --screenshot="$OUT" "$TRACE" >/dev/null 2>&1
[ -s "$OUT" ] || { echo "screenshot: Chromium wrote no $OUT" >&2; exit 1; }
echo "screenshot: saved $OUT"
