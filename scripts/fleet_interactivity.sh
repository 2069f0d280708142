#!/usr/bin/env bash
# Interactivity with a large fleet: the real dashboard in tmux (160x48,
# `--zone all`) against `scwdash sim --fleet N` (default 10000), once with the
# fleet spread over the nine zones and once with all of it in fr-par-1
# (`--fleet-zone`). For each, measures from the key press (tmux send-keys) to
# the frame that shows its effect, read back with `tmux capture-pane`:
#   first load  start -> "1 Servers N" in the tab bar
#   refresh     `r` -> "… refresh" on the status line (key answered), and
#               `r` -> "✓ refresh" (every tab re-fetched and on screen)
#   during      `/` while a refresh is in flight -> the filter prompt
#   filter      each character of "/web-12" -> "/web-1▏" etc. on the status
#               line (the filtered table is drawn in the same frame), and
#               Esc -> the unfiltered count back in the tab bar
#   sort        `o` (next column) / `O` (reverse) -> the header's ▲/▼ moved
# Every number includes the tmux round trip (send-keys, capture-pane every
# POLL_S): the same run against the 30-server demo fleet gives that floor.
#
#   scripts/fleet_interactivity.sh [fleet] [rounds]   (default 10000 3)
#   FLEET_BIN=path/to/scwdash to skip the release build.
set -euo pipefail
cd "$(dirname "$0")/.."

FLEET=${1:-10000}
ROUNDS=${2:-3}
export POLL_S=${POLL_S:-0.005}
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
BIN=$(scwdash_bin "${FLEET_BIN:-}")

# The header line of the table (the one with the sort marker).
header() { cap | grep -m1 -E '[▲▼]' || true; }

header_not() { [[ "$(header)" != "$1" ]]; }
# wait_header_change OLD [BUDGET_MS]: waits until the header differs from OLD.
wait_header_change() { wait_until "${2:-10000}" header_not "$1"; }

matches() { cap | grep -qE -- "$1"; }
# wait_re REGEX: waits (60 s at most) until the pane matches REGEX.
wait_re() {
  wait_until 60000 matches "$1" >/dev/null && return 0
  echo "timed out waiting for /$1/" >&2; cap >&2; exit 1
}

# Replaces the status line's last action ("✓ refresh") with another one, so
# that the next refresh's marks are new: `p` on tab 2 says it is for servers.
clear_status() {
  keys 2 p 1
  wait_for "power menu is for servers" 10000 >/dev/null || { cap >&2; exit 1; }
}

# timed NEEDLE KEYS...: sends KEYS, prints the ms until NEEDLE is on screen.
timed() {
  local needle=$1 t0 t1
  shift
  t0=$(ms)
  keys "$@"
  wait_for "$needle" 60000 >/dev/null || { echo "timed out waiting for $needle" >&2; cap >&2; exit 1; }
  t1=$(ms)
  echo $(( t1 - t0 ))
}

# measure LABEL COUNT SIM_ARGS...: one simulator, one dashboard; prints one
# table row per measure.
measure() {
  local label=$1 count=$2 t0 i c typed v
  shift 2
  lib_init fleet
  start_sim "$@" || exit 1
  t0=$(ms)
  # Auto-refresh off (--refresh 3600): only the refreshes asked for here.
  start_dash 160 48 --zone all --refresh 3600 --log-file "$WORK/dash.log"
  wait_for " Servers $count " 120000 >/dev/null || { cap >&2; exit 1; }
  local first=$(( $(ms) - t0 ))
  wait_for "refreshed " 60000 >/dev/null
  sleep 1
  local -a refresh_key=() refresh_done=() during=() filter=() unfilter=() sort=()
  for ((i = 0; i < ROUNDS; i++)); do
    # Refresh: the pending mark (or already the done mark) first, then the
    # done mark.
    clear_status
    t0=$(ms)
    keys r
    wait_re "(…|✓) refresh" >/dev/null
    refresh_key+=($(( $(ms) - t0 )))
    wait_for "✓ refresh" 120000 >/dev/null
    refresh_done+=($(( $(ms) - t0 )))
    sleep 0.5
    # A key while a refresh is in flight: the loop is not waiting for it.
    clear_status
    keys r
    wait_re "(…|✓) refresh" >/dev/null
    v=$(timed "/▏" /) || exit 1
    during+=("$v")
    wait_for "✓ refresh" 120000 >/dev/null
    esc
    sleep 0.3
    # Filter, one character at a time.
    keys /
    wait_for "/▏" >/dev/null
    typed=""
    for c in w e b - 1 2; do
      typed+=$c
      v=$(timed "/$typed▏" "$c") || exit 1
      filter+=("$v")
    done
    t0=$(ms)
    keys Escape
    wait_for " Servers $count " 60000 >/dev/null
    unfilter+=($(( $(ms) - t0 )))
    sleep 0.3
    # Sort: every column once, then reverse.
    for c in o o o o O O; do
      local old; old=$(header)
      t0=$(ms)
      keys "$c"
      wait_header_change "$old" >/dev/null || { echo "the header did not change after $c" >&2; cap >&2; exit 1; }
      sort+=($(( $(ms) - t0 )))
    done
    sleep 0.5
  done
  local rss; rss=$(rss_kb)
  alive || { echo "the dashboard died" >&2; exit 1; }
  keys q
  lib_cleanup
  trap - EXIT
  row() { printf '| %s | %s | %s ms | %s |\n' "$label" "$1" "$(printf '%s\n' "${@:3}" | stats | awk '{print $1 " / " $2 " / " $3}')" "$2"; }
  echo "| $label | first load | $first ms (once) | RSS after the run $(( rss / 1024 )) MB |"
  row "\`r\` -> \"… refresh\" (key answered)" "${#refresh_key[@]} presses" "${refresh_key[@]}"
  row "\`r\` -> \"✓ refresh\" (all tabs re-fetched, on screen)" "${#refresh_done[@]} presses" "${refresh_done[@]}"
  row "\`/\` during a refresh -> filter prompt" "${#during[@]} presses" "${during[@]}"
  row "filter char -> filtered table" "${#filter[@]} chars" "${filter[@]}"
  row "Esc -> unfiltered table" "${#unfilter[@]} presses" "${unfilter[@]}"
  row "\`o\`/\`O\` -> re-sorted table" "${#sort[@]} presses" "${sort[@]}"
}

echo "scwdash --zone all, 160x48, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), poll every ${POLL_S}s"
echo
echo "| fleet | step | p50 / p95 / max | samples |"
echo "|---|---|---|---|"
measure "demo (30 servers, tmux floor)" 30
measure "$FLEET spread over 9 zones" "$FLEET" --fleet "$FLEET"
measure "$FLEET in fr-par-1" "$FLEET" --fleet "$FLEET" --fleet-zone fr-par-1
