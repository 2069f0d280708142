#!/usr/bin/env bash
# Round trips of the dashboard's start-up and of a manual refresh (`r`):
# runs the dashboard in a private tmux server against `scwdash sim` at
# `--latency-ms 0` and at `--latency-ms L` (default 100), under `--zone all`
# and one zone, and times from its log (debug events "fetch sent" / "fetch
# answered" of src/exec.rs) how long after the first fetch went out
#   - the visible tab (servers) had every zone's answer,
#   - all five tabs had every answer,
#   - the same for the fetches of one `r`.
# Round trips = (t at L ms - t at 0 ms) / L ms: what the latency adds, in
# units of one request's latency, whatever the machine's own speed.
#
# Then fast polling: against `sim --fleet POLL_FLEET` (default 10000) under
# `--zone all`, the simulator's requests per minute (its own count by path,
# GET /_sim/faults, over POLL_S seconds, default 20: four auto-refreshes),
# lists and reads by id apart, while idle and while one server powers on
# (started with curl; the dashboard reads it alone while it is starting).
#
# Usage: scripts/bench_startup.sh [--ci]
#   --ci       only `--zone all`, a fleet of 1000 and 10 s windows; fails when
#              start-up of all tabs takes more than MAX_ROUND_TRIPS (default 4)
#              round trips, or when the starting server's zone is listed
#              MAX_POLL_LIST_RATIO (default 3) times as often as idle (gross
#              regressions only)
# Each figure is the fastest of REPEAT runs (default 3): on a
# shared machine the noise only ever adds time.
# Knobs: LATENCY=ms, REPEAT=n, SCOPES="all fr-par-1", FLEET=N (sim --fleet N;
#        default the demo fleet), BIN=path (a built scwdash; default a
#        release build), NO_BUILD=1, POLL_ONLY=1 (only the fast polling).
set -euo pipefail

CI_MODE=""
[[ "${1:-}" == "--ci" ]] && CI_MODE=1
LATENCY="${LATENCY:-100}"
REPEAT="${REPEAT:-3}"
MAX_ROUND_TRIPS="${MAX_ROUND_TRIPS:-4}"
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
BIN=$(scwdash_bin "${BIN:-${NO_BUILD:+$CARGO_TARGET_DIR/release/scwdash}}")
lib_init startup
export SCWDASH_LOG="info,scwdash::exec=debug,scwdash::sim=debug"

# count WORD FILE: lines of FILE holding WORD.
count() { grep -c -- "$1" "$2" 2>/dev/null || true; }

# settle LOG BEFORE: waits until every fetch sent after line BEFORE of LOG
# was answered (and nothing new for 0.5 s); 60 s at most.
settle() {
  SETTLE_LAST="" SETTLE_STABLE=0
  POLL_S=0.1 wait_until 60000 settled "$1" "$2" >/dev/null && return 0
  echo "fetches did not settle in $1" >&2
  return 1
}
# settled LOG BEFORE: one look (SETTLE_LAST, SETTLE_STABLE carry the last).
settled() {
  local sent answered
  sent=$(tail -n +"$(($2 + 1))" "$1" | grep -c "fetch sent" || true)
  answered=$(tail -n +"$(($2 + 1))" "$1" | grep -c "fetch answered" || true)
  ((sent > 0 && sent == answered)) || return 1
  if [[ "$SETTLE_LAST" == "$sent" ]]; then
    SETTLE_STABLE=$((SETTLE_STABLE + 1))
  else
    SETTLE_STABLE=0
  fi
  SETTLE_LAST=$sent
  ((SETTLE_STABLE >= 5))
}

# run SCOPE LATENCY: prints "visible all refresh_visible refresh_all" in ms.
run() {
  local scope=$1 latency=$2 log marks
  log=$(mktemp "$WORK/dash-$1-$2-XXXXXX.log")
  local fleet=()
  [[ -n "${FLEET:-}" ]] && fleet=(--fleet "$FLEET")
  start_sim --latency-ms "$latency" "${fleet[@]}"
  start_dash 160 48 --zone "$scope" --refresh 600 --log-file "$log"
  until [[ -s "$log" ]]; do sleep 0.05; done
  settle "$log" 0
  marks=$(wc -l <"$log")
  keys r
  settle "$log" "$marks"
  stop_dash
  kill "$SIM_PID" 2>/dev/null || true
  wait "$SIM_PID" 2>/dev/null || true
  SIM_PID=""
  python3 - "$log" "$marks" <<'EOF'
import re, sys
from datetime import datetime
path, mark = sys.argv[1], int(sys.argv[2])
waves = [dict(), dict()]  # request -> [tab, sent, answered]
pat = re.compile(r'^(\S+) .*fetch (sent|answered) request=(\d+) tab=(\w+)')
for n, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
    m = pat.search(line)
    if not m:
        continue
    t = datetime.fromisoformat(m.group(1).replace("Z", "+00:00")).timestamp() * 1000
    w = waves[0 if n <= mark else 1]
    r = w.setdefault(m.group(3), [m.group(4), None, None])
    r[1 if m.group(2) == "sent" else 2] = t
out = []
for w in waves:
    reqs = [r for r in w.values() if r[1] is not None and r[2] is not None]
    t0 = min(r[1] for r in reqs)
    visible = max(r[2] for r in reqs if r[0] == "Servers") - t0
    every = max(r[2] for r in reqs) - t0
    out += [f"{visible:.1f}", f"{every:.1f}"]
print(" ".join(out))
EOF
}

# best SCOPE LATENCY: the fastest of REPEAT runs, figure by figure.
best() {
  for _ in $(seq "$REPEAT"); do run "$1" "$2"; done |
    awk '{for (i = 1; i <= NF; i++) if (NR == 1 || $i < m[i]) m[i] = $i}
         END {for (i = 1; i <= 4; i++) printf "%s%s", m[i], (i < 4 ? " " : "\n")}'
}

echo "$BIN against sim ${FLEET:+--fleet $FLEET }at --latency-ms 0 and $LATENCY, best of $REPEAT; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-22s %8s %8s %12s\n' scope measure "t0 ms" "t$LATENCY ms" "round trips"
read -r -a scopes <<<"${SCOPES:-all fr-par-1}"
[[ -n "${POLL_ONLY:-}" ]] && scopes=()
[[ -n "$CI_MODE" ]] && scopes=(all)
worst=0
for scope in "${scopes[@]}"; do
  read -r -a fast <<<"$(best "$scope" 0)"
  read -r -a slow <<<"$(best "$scope" "$LATENCY")"
  names=("start-up: visible tab" "start-up: all tabs" "refresh r: visible tab" "refresh r: all tabs")
  for i in 0 1 2 3; do
    trips=$(awk -v a="${fast[$i]}" -v b="${slow[$i]}" -v l="$LATENCY" 'BEGIN {printf "%.2f", (b - a) / l}')
    printf '%-10s %-22s %8s %8s %12s\n' "$scope" "${names[$i]}" "${fast[$i]}" "${slow[$i]}" "$trips"
    if [[ "$scope" == all && $i == 1 ]]; then worst=$trips; fi
  done
done
if [[ -n "$CI_MODE" ]] && awk -v w="$worst" -v m="$MAX_ROUND_TRIPS" 'BEGIN {exit !(w > m)}'; then
  echo "start-up under --zone all took $worst round trips (more than $MAX_ROUND_TRIPS)" >&2
  exit 1
fi

# Fast polling: requests per minute the simulator serves (its own count by
# path, GET /_sim/faults), idle and while one server of fr-par-1 starts (each
# transition step lasts 30 s, so it is still starting), split into lists
# (pages) and reads of one object by id.
POLL_FLEET="${POLL_FLEET:-${CI_MODE:+1000}}"
POLL_FLEET="${POLL_FLEET:-10000}"
POLL_S="${POLL_S:-${CI_MODE:+10}}"
POLL_S="${POLL_S:-20}"
# A gross regression of fast polling (CI): the starting server's zone listed
# MAX_POLL_LIST_RATIO times as often as when idle (a fast re-list is back).
MAX_POLL_LIST_RATIO="${MAX_POLL_LIST_RATIO:-3}"
export SCWDASH_LOG=info
start_sim --fleet "$POLL_FLEET" --transition-ms 30000
start_dash 160 48 --zone all --log-file "$WORK/poll-dash.log"
wait_for "Servers $POLL_FLEET " 120000 >/dev/null || { echo "timed out waiting for the servers" >&2; cap >&2; exit 1; }
sleep 2
counts() { curl -s "$URL/_sim/faults"; }
# window NAME: the simulator's counts before and after POLL_S seconds, in
# $WORK/NAME.before.json and $WORK/NAME.after.json.
window() {
  counts >"$WORK/$1.before.json"
  sleep "$POLL_S"
  counts >"$WORK/$1.after.json"
}
window idle
server=$(curl -s -H "X-Auth-Token: x" "$URL/instance/v1/zones/fr-par-1/servers?per_page=100&state=stopped" |
  python3 -c 'import json, sys; print(next(s["id"] for s in json.load(sys.stdin)["servers"] if s["state"] == "stopped"))')
curl -s -o /dev/null -X POST -H "X-Auth-Token: x" -H "Content-Type: application/json" \
  -d '{"action": "poweron"}' "$URL/instance/v1/zones/fr-par-1/servers/$server/action"
sleep 6 # the next refresh (every 5 s) sees it starting
window starting
python3 - "$WORK" "$POLL_S" "$POLL_FLEET" "$MAX_POLL_LIST_RATIO" "${CI_MODE:-}" <<'PY'
import json, re, sys
work, secs, fleet, max_ratio, ci = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4]), sys.argv[5]
by_id = re.compile(r"^GET /\S+/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
zone_list = "GET /instance/v1/zones/fr-par-1/servers"
def rates(name):
    before = json.load(open(f"{work}/{name}.before.json"))["requests"]
    after = json.load(open(f"{work}/{name}.after.json"))["requests"]
    diff = {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0) > 0}
    per_min = lambda n: n * 60 / secs
    reads = sum(v for k, v in diff.items() if by_id.match(k))
    total = sum(diff.values())
    return per_min(total), per_min(total - reads), per_min(reads), per_min(diff.get(zone_list, 0))
idle, starting = rates("idle"), rates("starting")
print(f"fast polling, sim --fleet {fleet}, --zone all, requests/min over {secs:.0f} s (lists = pages of lists, reads = GET by id):")
print(f"  {'':26} {'total':>8} {'lists':>8} {'reads':>8} {'fr-par-1 servers pages':>24}")
for label, r in (("idle", idle), ("one server starting", starting)):
    print(f"  {label:26} {r[0]:8.0f} {r[1]:8.0f} {r[2]:8.0f} {r[3]:24.0f}")
print(f"  fast polling adds {starting[0] - idle[0]:.0f} requests/min ({starting[2]:.0f} of them reads by id)")
if ci and idle[3] > 0 and starting[3] / idle[3] > max_ratio:
    print(f"the starting server's zone was listed {starting[3] / idle[3]:.1f} times as often as idle (more than {max_ratio:g})", file=sys.stderr)
    sys.exit(1)
PY
