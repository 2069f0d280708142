#!/usr/bin/env bash
# Idle CPU of the dashboard: runs it in a private tmux server (lib.sh: own -L
# socket, clean environment, temporary HOME), waits for the data to load, then
# samples the process's CPU time (utime+stime from /proc/PID/stat, all threads)
# over an idle window, once with the default auto-refresh and once paused (`P`).
#   - without FLEET: `scwdash --demo` (the simulator runs in-process);
#   - with FLEET:    `scwdash --zone all` against `scwdash sim --fleet FLEET`
#                    (its own process, not counted): what grows with the fleet.
# Usage: scripts/idle_cpu.sh [seconds] [fleet]   (default 30; needs tmux, Linux /proc)
# NO_BUILD=1 reuses the release binary in $CARGO_TARGET_DIR/release; BIN=path runs that one.
set -euo pipefail

SECS="${1:-30}"
FLEET="${2:-}"
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
BIN=$(scwdash_bin "${BIN:-${NO_BUILD:+$CARGO_TARGET_DIR/release/scwdash}}")
lib_init idle
HZ="$(getconf CLK_TCK)"

# Prints "LABEL: X% CPU (T s of CPU over W s)" for an idle window of SECS.
measure() {
  local label="$1" pid="$2" c0 c1 t0 t1
  c0=$(cpu_ticks "$pid"); t0=$(date +%s%N)
  sleep "$SECS"
  c1=$(cpu_ticks "$pid"); t1=$(date +%s%N)
  awk -v c=$((c1 - c0)) -v hz="$HZ" -v ns=$((t1 - t0)) -v l="$label" \
    'BEGIN { w = ns / 1e9; printf "%s: %.2f%% CPU (%.2f s of CPU over %.1f s)\n", l, 100 * c / hz / w, c / hz, w }'
}

if [[ -z "$FLEET" ]]; then
  start_demo 160 48 --log-file "$WORK/dash.log"
  wait_for "api-gateway" 30000 >/dev/null || { echo "timed out waiting for the demo data" >&2; cap >&2; exit 1; }
  sleep 2 # let the first server-types / rules fetches settle
  echo "scwdash --demo (pid $PID), 160x48, idle for ${SECS} s per window, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
else
  start_sim --fleet "$FLEET"
  start_dash 160 48 --zone all --log-file "$WORK/dash.log"
  wait_for "Servers $FLEET " 300000 >/dev/null || { echo "timed out waiting for the servers" >&2; cap >&2; exit 1; }
  sleep 5 # the rest of the first load (volumes, rules, private IPs)
  echo "scwdash --zone all against sim --fleet $FLEET (pid $PID), 160x48, idle for ${SECS} s per window, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
fi
# A large fleet is listed less often than every 5 s (refresh_items_per_second);
# the header says how often ("· every 45s", "· every 8m"). The auto-refresh
# window is then a whole interval (at least SECS): a shorter one may hold no
# refresh at all and would understate the average.
EVERY=$(cap | grep -o '· every [0-9]*[sm]' | head -1 | awk '{print $3}' || true)
EVERY_S=5
if [[ -n "$EVERY" ]]; then
  EVERY_S=${EVERY%[sm]}
  [[ "$EVERY" == *m ]] && EVERY_S=$((EVERY_S * 60 + 59)) # "8m" is 8 to 9 minutes
fi
WINDOW=$(( SECS > EVERY_S ? SECS : EVERY_S + 5 ))
SECS=$WINDOW measure "auto-refresh on (every ${EVERY:-5s}, over ${WINDOW} s)" "$PID"
keys P
sleep 10 # a refresh still in flight ends
measure "auto-refresh paused (P)" "$PID"
echo "peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$PID/status")"
