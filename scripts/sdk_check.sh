#!/usr/bin/env bash
# Fidelity check: the official Scaleway Python SDK (PyPI package `scaleway`)
# driven against `scwdash sim`. Creates a venv under target/, starts the
# simulator on a free loopback port, runs scripts/sdk_smoke.py, stops it.
# Usage: scripts/sdk_check.sh [path-to-scwdash-binary]
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="${1:-$TARGET/debug/scwdash}"
[ -x "$BIN" ] || cargo build --quiet
VENV="$TARGET/sdk-venv"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check scaleway
fi
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
TMP="$(mktemp -d)"
"$BIN" sim --listen "127.0.0.1:$PORT" --transition-ms 300 --log-file "$TMP/sim.log" >"$TMP/sim.out" 2>&1 &
SIM_PID=$!
trap 'kill "$SIM_PID" 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do
  grep -q listening "$TMP/sim.out" 2>/dev/null && break
  sleep 0.1
done
SCW_API_URL="http://127.0.0.1:$PORT" "$VENV/bin/python" scripts/sdk_smoke.py
