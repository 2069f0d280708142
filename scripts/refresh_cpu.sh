#!/usr/bin/env bash
# CPU time of one manual refresh (`r`) of the dashboard with a large fleet:
# starts `scwdash sim --fleet N` (default 10000), runs `scwdash --zone all`
# against it in a private tmux server, waits for the servers, then presses `r`
# twice and prints the CPU time (utime+stime, all threads) the process spent in
# the SETTLE seconds after each (default 8; 30 at 100,000 servers), and in as
# long a window without a refresh.
# Usage: scripts/refresh_cpu.sh [fleet] [settle]   (needs tmux, Linux /proc)
# NO_BUILD=1 reuses the release binary in $CARGO_TARGET_DIR/release; BIN=path runs that one.
set -euo pipefail

FLEET="${1:-10000}"
SETTLE="${2:-8}"
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
BIN=$(scwdash_bin "${BIN:-${NO_BUILD:+$CARGO_TARGET_DIR/release/scwdash}}")
lib_init refresh
HZ="$(getconf CLK_TCK)"
seconds() { awk -v t="$1" -v hz="$HZ" 'BEGIN { printf "%.2f s", t / hz }'; }

start_sim --fleet "$FLEET"
start_dash 160 48 --zone all --log-file "$WORK/dash.log"
wait_for "Servers $FLEET " $((FLEET * 6 > 60000 ? FLEET * 6 : 60000)) >/dev/null || { echo "timed out waiting for the servers" >&2; cap >&2; exit 1; }
sleep 10 # the rest of the first load (volumes, rules, private IPs)
echo "scwdash --zone all against sim --fleet $FLEET (pid $PID), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in 1 2; do
  c0=$(cpu_ticks "$PID")
  keys r
  sleep "$SETTLE"
  echo "refresh $i: $(seconds $(($(cpu_ticks "$PID") - c0))) of CPU in the ${SETTLE} s after r"
done
c0=$(cpu_ticks "$PID")
sleep "$SETTLE"
echo "no refresh: $(seconds $(($(cpu_ticks "$PID") - c0))) of CPU over ${SETTLE} s"
