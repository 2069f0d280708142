#!/usr/bin/env bash
# Resident memory of the dashboard with a large fleet: starts
# `scwdash sim --fleet N` (default 10000), runs the dashboard against it in a
# private tmux server with `--zone all` (every server loads), and prints VmRSS
# and VmHWM from /proc once the servers are on screen and after a few refreshes.
# Usage: scripts/memory.sh [fleet] [refreshes]   (needs tmux, Linux /proc)
set -euo pipefail

FLEET="${1:-10000}"
REFRESHES="${2:-3}"
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
BIN="$(realpath "$CARGO_TARGET_DIR/release/scwdash")"
TMP="$(mktemp -d)"
SOCK="scwdash-mem-$$"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$BIN" sim --fleet "$FLEET" --listen "127.0.0.1:$PORT" --log-file "$TMP/sim.log" >"$TMP/sim.out" 2>&1 &
SIM_PID=$!
trap 'tmux -L "$SOCK" kill-server 2>/dev/null || true; kill "$SIM_PID" 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 300); do
  grep -q listening "$TMP/sim.out" 2>/dev/null && break
  sleep 0.1
done

# "VmRSS / VmHWM" of PID in MB.
rss() { awk '/VmRSS/ {r = $2} /VmHWM/ {h = $2} END {printf "VmRSS %.1f MB, VmHWM %.1f MB", r / 1024, h / 1024}' "/proc/$1/status"; }

# Waits until the pane shows TEXT (max 60 s).
wait_for() {
  for _ in $(seq 600); do
    tmux -L "$SOCK" capture-pane -p -t bench 2>/dev/null | grep -q -- "$1" && return 0
    sleep 0.1
  done
  echo "timed out waiting for '$1'" >&2
  tmux -L "$SOCK" capture-pane -p -t bench >&2 || true
  return 1
}

mkdir -p "$TMP/home"
tmux -L "$SOCK" -f /dev/null new-session -d -s bench -x 160 -y 48 \
  "exec env HOME=$TMP/home XDG_CONFIG_HOME=$TMP/home/.config SCW_CONFIG_PATH=$TMP/none.yaml SCW_API_URL=http://127.0.0.1:$PORT SCW_SECRET_KEY=x $BIN --zone all --log-file $TMP/dash.log"
PID="$(tmux -L "$SOCK" display-message -p -t bench '#{pane_pid}')"
# The servers tab carries the count once loaded, e.g. "1 Servers 10000".
wait_for "Servers $FLEET "
sleep 2
echo "scwdash --zone all against sim --fleet $FLEET (pid $PID), 160x48"
echo "loaded:                 $(rss "$PID")"
for i in $(seq "$REFRESHES"); do
  tmux -L "$SOCK" send-keys -t bench r
  sleep 3
  echo "after refresh $i:        $(rss "$PID")"
done
echo "sim process:            $(rss "$SIM_PID")"
