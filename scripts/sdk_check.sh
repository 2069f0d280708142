#!/usr/bin/env bash
# Fidelity check: the official Scaleway SDKs driven against `scwdash sim`:
# Python (PyPI package `scaleway`, in a venv under target/) runs
# scripts/sdk_smoke.py, TypeScript (@scaleway/sdk-* from npm, installed with
# `npm ci` from scripts/package-lock.json) runs scripts/sdk_smoke.mjs. Each gets
# a fresh simulator on a free loopback port.
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
# Installed again whenever a pinned package is missing (one added to package.json).
if [ ! -d scripts/node_modules/@scaleway/sdk-instance ] || [ ! -d scripts/node_modules/@scaleway/sdk-ipam ]; then
  (cd scripts && npm ci --no-audit --no-fund --loglevel=error)
fi

TMP="$(mktemp -d)"
SIM_PID=""
trap 'if [ -n "$SIM_PID" ]; then kill "$SIM_PID" 2>/dev/null || true; fi; rm -rf "$TMP"' EXIT

# Starts a fresh simulator; sets SIM_URL.
start_sim() {
  if [ -n "$SIM_PID" ]; then kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  : >"$TMP/sim.out"
  "$BIN" sim --listen "127.0.0.1:$port" --transition-ms 300 --log-file "$TMP/sim.log" >"$TMP/sim.out" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 100); do
    grep -q listening "$TMP/sim.out" 2>/dev/null && break
    sleep 0.1
  done
  SIM_URL="http://127.0.0.1:$port"
}

echo "== Python SDK (scaleway $("$VENV/bin/pip" show scaleway 2>/dev/null | sed -n 's/^Version: //p'))"
start_sim
SCW_API_URL="$SIM_URL" "$VENV/bin/python" scripts/sdk_smoke.py
echo "== TypeScript SDK (@scaleway/sdk-instance $(node -p 'require("./scripts/node_modules/@scaleway/sdk-instance/package.json").version'))"
start_sim
SCW_API_URL="$SIM_URL" node scripts/sdk_smoke.mjs
