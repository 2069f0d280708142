#!/usr/bin/env bash
# Resident memory of the dashboard with a large fleet: starts
# `scwdash sim --fleet N` (default 10000), runs the dashboard against it in a
# private tmux server with `--zone all` (every server loads), and prints VmRSS
# and VmHWM from /proc once the servers are on screen and after a few refreshes.
# Usage: scripts/memory.sh [fleet] [refreshes]   (needs tmux, Linux /proc)
# NO_BUILD=1 uses the existing release binary; BIN=path runs that one.
set -euo pipefail

FLEET="${1:-10000}"
REFRESHES="${2:-3}"
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
BIN=$(scwdash_bin "${BIN:-${NO_BUILD:+$CARGO_TARGET_DIR/release/scwdash}}")
lib_init mem
start_sim --fleet "$FLEET" --log-file "$WORK/sim.log"

# "VmRSS / VmHWM" of PID in MB.
rss() { awk '/VmRSS/ {r = $2} /VmHWM/ {h = $2} END {printf "VmRSS %.1f MB, VmHWM %.1f MB", r / 1024, h / 1024}' "/proc/$1/status"; }

start_dash 160 48 --zone all --log-file "$WORK/dash.log"
# The servers tab carries the count once loaded, e.g. "1 Servers 10000".
# A large fleet takes longer: 60 s, or 3 ms a server.
wait_for "Servers $FLEET " $((FLEET * 3 > 60000 ? FLEET * 3 : 60000)) >/dev/null || { echo "timed out waiting for the servers" >&2; cap >&2; exit 1; }
sleep 2
echo "scwdash --zone all against sim --fleet $FLEET (pid $PID), 160x48"
echo "loaded:                 $(rss "$PID")"
# A refresh of 100,000 servers takes ~10 s: wait for it to end (3 s, plus a
# second per 10,000 servers over 30,000).
SETTLE=$((FLEET > 30000 ? 3 + FLEET / 10000 : 3))
for i in $(seq "$REFRESHES"); do
  keys r
  sleep "$SETTLE"
  echo "after refresh $i:        $(rss "$PID")"
done
echo "sim process:            $(rss "$SIM_PID")"
