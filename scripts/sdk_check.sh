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

# A fresh simulator for each SDK (lib.sh's start_sim; sets URL).
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
lib_init sdk
SIM=(--transition-ms 300 --log-file "$WORK/sim.log")

echo "== Python SDK (scaleway $("$VENV/bin/pip" show scaleway 2>/dev/null | sed -n 's/^Version: //p'))"
start_sim "${SIM[@]}"
SCW_API_URL="$URL" "$VENV/bin/python" scripts/sdk_smoke.py
echo "== TypeScript SDK (@scaleway/sdk-instance $(node -p 'require("./scripts/node_modules/@scaleway/sdk-instance/package.json").version'))"
start_sim "${SIM[@]}"
SCW_API_URL="$URL" node scripts/sdk_smoke.mjs
