#!/usr/bin/env bash
# Soak test: the release dashboard in tmux against a faulty simulator.
#
#   scripts/soak.sh [seconds]        (default 300; CI runs 45)
#
# The simulator answers 30% of requests with a 503 or a cut connection,
# rate-limits at 20 requests/s and adds 50 ms to each request; transitions
# take 500 ms per step. For [seconds], a seeded loop presses keys (tab
# switches, zone changes, refresh, filter, power actions through p + menu + y)
# and after each one checks that:
#   - the dashboard answers within the frame budget (a typed filter character
#     must be on screen within SOAK_FRAME_MS, default 1500 ms);
#   - the process is alive and nothing "panicked" (pane, log);
#   - a tab that showed rows never goes back to empty or "loading" for the same
#     zone scope (the last good data is kept when a fetch fails);
#   - the status line reports the injected errors at some point;
#   - the RSS, sampled every few seconds, stays flat.
# Then the faults are switched off at run time (POST /_sim/faults: the
# simulator keeps its state) and the screen must converge to the simulator's
# true server states, checked against `scwdash list servers --zone all -o json`.
# Prints a summary; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-300}
FRAME_MS=${SOAK_FRAME_MS:-1500}
CONVERGE_S=${SOAK_CONVERGE_S:-40}
# RSS may grow by this much (kB) from the first sample after load to the last.
RSS_SLACK_KB=${SOAK_RSS_SLACK_KB:-16384}
RANDOM=${SOAK_SEED:-42}

# shellcheck source=scripts/lib.sh
source scripts/lib.sh
export FRAME_MS
BIN=$(scwdash_bin "${SOAK_BIN:-}")
KEY="soak-secret-key-$$"
LIB_KEEP=${SOAK_KEEP:-}
lib_init soak

FAILURES=()
fail() { FAILURES+=("$1"); echo "soak: FAIL: $1" >&2; }

# --- the simulator ---------------------------------------------------------
start_sim --fail-rate 0.3 --rate-limit 20 --latency-ms 50 --transition-ms 500 || exit 1
faults() { curl -fsS -X POST -H 'content-type: application/json' -d "$1" "$URL/_sim/faults" >/dev/null; }

# --- the dashboard in tmux, clean environment, temp HOME -------------------
LOG="$WORK/dashboard.log"
DASH_KEY=$KEY SCWDASH_LOG=debug start_dash 160 45 --zone all --log-file "$LOG"

# The tab bar: " 1 Servers 12 ", " 3 Security groups 2/12 " (filtered),
# " 2 Volumes … " (loading). Prints "tab total" lines (-1: loading).
tab_totals() {
  python3 -c '
import re, sys
for line in sys.stdin.read().splitlines()[:3]:
    for n, count in re.findall(r" ([1-5]) [A-Za-z][A-Za-z ]*? (…|\d+(?:/\d+)?) ", line):
        print(n, -1 if count == "…" else int(count.split("/")[-1]))
'
}

# First load: every tab counted.
if ! wait_for "refreshed " 60000 >/dev/null; then
  cap >&2; fail "the dashboard never finished its first load"; exit 1
fi

# --- the key loop ----------------------------------------------------------
declare -A SEEN=()      # tab -> total rows seen (>0) for the current scope
PROBES=() ; ERRORS_SHOWN=0 ; BACKOFFS_SHOWN=0 ; MAX_AGO=0
declare -A DONE=()      # action kind -> count
RSS_FIRST=$(rss_kb); RSS_MAX=$RSS_FIRST; RSS_LAST=$RSS_FIRST; RSS_SAMPLES=1
LAST_RSS_AT=$(ms)
ZONE_AWAY=0
START=$(date +%s)
STEP=0

check_screen() {
  local screen; screen=$(cap)
  if grep -q "panicked" <<<"$screen"; then fail "panic on screen (step $STEP)"; fi
  grep -q " error: " <<<"$screen" && ERRORS_SHOWN=$((ERRORS_SHOWN + 1))
  grep -q "⏳" <<<"$screen" && BACKOFFS_SHOWN=$((BACKOFFS_SHOWN + 1))
  local ago
  # "refreshed N ago", or "refresh failing since N ago" while some fetch
  # fails (the data is at least that old: counted as its age, and as an error
  # shown). Neither while loading: no match is 0, not a failed pipeline.
  grep -q "refresh failing since" <<<"$screen" && ERRORS_SHOWN=$((ERRORS_SHOWN + 1))
  ago=$({ grep -oE '(refreshed|refresh failing since) [0-9]+[sm] ago' <<<"$screen" || true; } | head -1 | python3 -c '
import sys
t = sys.stdin.read().split()
print(0 if len(t) < 2 else int(t[-2][:-1]) * (60 if t[-2].endswith("m") else 1))')
  (( ago > MAX_AGO )) && MAX_AGO=$ago
  while read -r tab total; do
    [[ -z "$tab" ]] && continue
    if (( total > 0 )); then SEEN[$tab]=$total
    elif [[ -n "${SEEN[$tab]:-}" ]]; then
      fail "tab $tab went empty ($total) after showing ${SEEN[$tab]} rows (step $STEP)"
      echo "$screen" >&2
      unset "SEEN[$tab]"
    fi
  done < <(tab_totals <<<"$screen")
}

probe() {
  # A filter character must be drawn within the frame budget. The dashboard
  # must be in its table mode first: a dialog still open here (its box has a
  # corner "┌") means an earlier key was not answered in time.
  local c=${1:-x} waited screen
  screen=$(cap)
  if grep -qF "┌" <<<"$screen"; then
    fail "a dialog is still open before the filter probe (step $STEP)"
    echo "$screen" >&2
    esc
  fi
  keys /
  keys "$c"
  if waited=$(wait_for "/$c▏"); then PROBES+=("$waited")
  else
    PROBES+=("$waited"); fail "no frame within ${FRAME_MS} ms for a typed filter char (step $STEP)"
    cap >&2
  fi
  esc
}

power() {
  keys 1
  local n=$((RANDOM % 8)) i
  keys g
  for ((i = 0; i < n; i++)); do keys j; done
  keys p
  if ! wait_for " Power: " >/dev/null; then
    # Transitional servers allow nothing; the status line says so.
    DONE[power-none]=$(( ${DONE[power-none]:-0} + 1 ))
    return
  fi
  local menu; menu=$(cap | grep -A3 " Power: " || true)
  if grep -q ">.*[Tt]erminate" <<<"$menu"; then
    esc
    wait_gone " Power: " >/dev/null || fail "the power menu did not close on Esc (step $STEP)"
    return
  fi
  # Enter closes the menu and, for a destructive action, opens the
  # confirmation in the same frame.
  keys Enter
  if ! wait_gone " Power: " >/dev/null; then
    fail "the power menu did not answer Enter within ${FRAME_MS} ms (step $STEP)"
    return
  fi
  if cap | grep -qF " Confirm "; then
    keys y
    wait_gone " Confirm " >/dev/null || fail "the confirmation did not answer y within ${FRAME_MS} ms (step $STEP)"
  fi
  DONE[power]=$(( ${DONE[power]:-0} + 1 ))
}

while (( $(date +%s) - START < DURATION )); do
  STEP=$((STEP + 1))
  if (( ZONE_AWAY )); then
    keys '['; ZONE_AWAY=0; SEEN=(); DONE[zone]=$(( ${DONE[zone]:-0} + 1 ))
  else
    case $((RANDOM % 10)) in
      0|1) keys Tab; DONE[tab]=$(( ${DONE[tab]:-0} + 1 )) ;;
      2) keys "$((RANDOM % 5 + 1))"; DONE[tab]=$(( ${DONE[tab]:-0} + 1 )) ;;
      3) keys ']'; ZONE_AWAY=1; SEEN=(); DONE[zone]=$(( ${DONE[zone]:-0} + 1 )) ;;
      4) keys r; DONE[refresh]=$(( ${DONE[refresh]:-0} + 1 )) ;;
      5|6) power ;;
      7) keys /; keys w e b; sleep 0.2; esc; DONE[filter]=$(( ${DONE[filter]:-0} + 1 )) ;;
      8) keys j j o; DONE[move]=$(( ${DONE[move]:-0} + 1 )) ;;
      9) keys Enter; sleep 0.1; keys Enter; DONE[details]=$(( ${DONE[details]:-0} + 1 )) ;;
    esac
  fi
  probe "$(printf "\\x$(printf %x $((97 + RANDOM % 26)))")"
  alive || { fail "the dashboard died at step $STEP"; break; }
  check_screen
  if (( $(ms) - LAST_RSS_AT >= 3000 )); then
    RSS_LAST=$(rss_kb); RSS_SAMPLES=$((RSS_SAMPLES + 1)); LAST_RSS_AT=$(ms)
    (( RSS_LAST > RSS_MAX )) && RSS_MAX=$RSS_LAST
  fi
  sleep 0.$((RANDOM % 3))
done
[[ -n "${SEEN[*]:-}" || $ZONE_AWAY -eq 0 ]] || true
(( ZONE_AWAY )) && keys '['

# --- faults off, convergence ----------------------------------------------
faults '{"fail_rate":0,"rate_limit":0,"latency_ms":0}'
esc; keys 1 g r
CONVERGED=0; MISMATCH=""; CONV_START=$(ms); COMPARED=0
while (( $(ms) - CONV_START < CONVERGE_S * 1000 )); do
  sleep 1
  env -i PATH="$PATH" HOME="$WORK/home" SCW_API_URL="$URL" SCW_SECRET_KEY="$KEY" \
    "$BIN" list servers --zone all -o json >"$WORK/truth.json" 2>"$WORK/list.err" || continue
  cap >"$WORK/screen.txt"
  result=$(python3 - "$WORK/truth.json" "$WORK/screen.txt" <<'EOF'
import json, sys, collections
servers = json.load(open(sys.argv[1]))
screen = open(sys.argv[2], encoding="utf-8").read().splitlines()
names = collections.Counter(s["name"] for s in servers)
# The state column may be cut ("stopped in pla"): the longest name first.
states = ["stopped in", "running", "stopped", "starting", "stopping", "locked"]
full = {"stopped in": "stopped in place"}
compared, bad = 0, []
if any(s["state"] in ("starting", "stopping") for s in servers):
    print("transitional 0"); sys.exit()
for s in servers:
    if names[s["name"]] != 1:
        continue
    line = next((l for l in screen if l[1:].startswith(s["name"] + " ")), None)
    if line is None:
        continue
    shown = next((st for st in states if f" {st}" in line), None)
    shown = full.get(shown, shown)
    compared += 1
    if shown != s["state"]:
        bad.append(f'{s["name"]}: screen {shown!r}, simulator {s["state"]!r}')
print(("ok" if not bad else "bad") + f" {compared} " + "; ".join(bad))
EOF
)
  read -r verdict COMPARED MISMATCH <<<"$result"
  if [[ "$verdict" == ok && "$COMPARED" -ge 3 ]]; then CONVERGED=1; break; fi
done
CONV_MS=$(( $(ms) - CONV_START ))
(( CONVERGED )) || { fail "the screen did not converge to the simulator in ${CONVERGE_S}s: $MISMATCH (compared $COMPARED)"; cat "$WORK/screen.txt" >&2; }

# --- final checks ----------------------------------------------------------
alive || fail "the dashboard is not alive at the end"
RSS_LAST=$(rss_kb)
(( RSS_LAST > RSS_MAX )) && RSS_MAX=$RSS_LAST
keys q
sleep 1
if grep -q "panicked" "$LOG" 2>/dev/null; then fail "the log reports a panic"; fi
(( ERRORS_SHOWN > 0 || BACKOFFS_SHOWN > 0 )) || fail "the status line never reported an error under 30% faults"
(( MAX_AGO <= 90 )) || fail "the data was ${MAX_AGO}s old at worst (refresh stalled)"
(( RSS_LAST - RSS_FIRST <= RSS_SLACK_KB )) || fail "RSS grew from ${RSS_FIRST} kB to ${RSS_LAST} kB"
LOG_ERRORS=$(grep -c -E "WARN|ERROR" "$LOG" 2>/dev/null || true)
SIM_REQUESTS=$(curl -fsS "$URL/_sim/faults" | python3 -c 'import json,sys; print(sum(json.load(sys.stdin)["requests"].values()))')

read -r P50 P95 PMAX <<<"$(printf '%s\n' "${PROBES[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[int(NR*0.95+0.5)], a[NR]}')"
echo "== scwdash soak: ${DURATION}s, $STEP steps, seed ${SOAK_SEED:-42}"
echo "actions:        $(for k in "${!DONE[@]}"; do printf '%s=%s ' "$k" "${DONE[$k]}"; done)"
echo "frame probes:   ${#PROBES[@]} (typed char on screen) p50=${P50}ms p95=${P95}ms max=${PMAX}ms budget=${FRAME_MS}ms"
echo "errors shown:   status-line error in $ERRORS_SHOWN captures, back-off notice in $BACKOFFS_SHOWN; log WARN/ERROR lines: $LOG_ERRORS"
echo "freshness:      oldest 'refreshed N ago' / 'refresh failing since N ago' seen: ${MAX_AGO}s"
echo "simulator:      $SIM_REQUESTS requests"
echo "RSS (kB):       first=$RSS_FIRST last=$RSS_LAST max=$RSS_MAX samples=$RSS_SAMPLES"
echo "convergence:    $( ((CONVERGED)) && echo "yes, ${COMPARED} servers match the simulator after ${CONV_MS} ms" || echo "NO")"
if (( ${#FAILURES[@]} )); then
  echo "FAILED: ${#FAILURES[@]} check(s)"; printf '  - %s\n' "${FAILURES[@]}"
  exit 1
fi
echo "OK"
