# Shared by every script that runs scwdash (soak.sh, fleet_interactivity.sh,
# memory.sh, idle_cpu.sh, bench_startup.sh, screenshots.sh, hostile_big_body.sh,
# sim_memory.sh, bench_sim_load.sh, bench_list.sh, sdk_check.sh): the binary, a
# simulator on a free port, the dashboard in a private tmux server (own -L
# socket, clean environment, temporary HOME), and the one polling loop
# (wait_until, under wait_for and wait_gone). Source it from the repository
# root; it only defines functions (state goes in BIN, WORK, SOCK, URL,
# SIM_PID and PID).
#
# Knobs: LIB_KEEP=1 keeps the work directory; FRAME_MS is the default budget
# of wait_for/wait_gone; POLL_S the pause between two screen captures.

ms() { date +%s%3N; }

# Prints the absolute path of the scwdash binary: $1 when given, else a
# release build (`cargo build --release`, a no-op when up to date).
scwdash_bin() {
  local bin=${1:-}
  if [[ -z "$bin" ]]; then
    cargo build --release --locked --bin scwdash >&2
    bin=${CARGO_TARGET_DIR:-target}/release/scwdash
  fi
  [[ -x "$bin" ]] || { echo "no scwdash binary at $bin" >&2; return 1; }
  echo "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
}

# lib_init NAME: a work directory (WORK), a tmux socket (SOCK), and cleanup on
# exit of the tmux server and the simulator.
lib_init() {
  for tool in tmux python3 curl; do
    command -v "$tool" >/dev/null || { echo "$1: $tool is required" >&2; exit 2; }
  done
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/scwdash-$1.XXXXXX")
  SOCK="scwdash-$1-$$"
  SIM_PID=""
  PID=""
  trap lib_cleanup EXIT
}

lib_cleanup() {
  stop_dash
  [[ -n "$SIM_PID" ]] && kill "$SIM_PID" 2>/dev/null || true
  if [[ -n "${LIB_KEEP:-}" ]]; then echo "files kept in $WORK" >&2; else rm -rf "$WORK"; fi
}

# stop_dash: ends the tmux server and waits (up to 5 s, then SIGKILL) for the
# dashboard to exit. Killing tmux only hangs up on it; it then still writes its
# fleet snapshot under $WORK/home, which raced a following `rm -rf "$WORK"`
# ("Directory not empty" failed CI).
stop_dash() {
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  [[ -n "$PID" ]] || return 0
  for _ in $(seq 50); do
    kill -0 "$PID" 2>/dev/null || { PID=""; return 0; }
    sleep 0.1
  done
  kill -9 "$PID" 2>/dev/null || true
  PID=""
}

# start_sim ARGS...: `scwdash sim ARGS` on a free loopback port, output in
# $WORK/sim.out; sets SIM_PID and URL once it listens. A simulator started
# before is stopped first.
start_sim() {
  if [[ -n "$SIM_PID" ]]; then kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi
  "$BIN" sim --listen 127.0.0.1:0 "$@" >"$WORK/sim.out" 2>&1 &
  SIM_PID=$!
  wait_listening "$WORK/sim.out" || { echo "the simulator did not start" >&2; return 1; }
}

# wait_listening FILE: waits (60 s at most) until the server SIM_PID prints
# its http://127.0.0.1:PORT in FILE, and sets URL; fails (showing FILE) when
# it exits first or never does.
wait_listening() {
  URL=""
  POLL_S=0.1 wait_until 60000 url_or_gone "$1" >/dev/null
  [[ -n "$URL" ]] && return 0
  cat "$1" >&2
  return 1
}
url_or_gone() {
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$1" | head -1 || true)
  [[ -n "$URL" ]] || ! kill -0 "$SIM_PID" 2>/dev/null
}

# run_dash WIDTH HEIGHT ARGS...: `scwdash ARGS` in tmux session "dash" with
# only PATH, a temporary HOME, TERM, LANG, SCWDASH_LOG and the VAR=value
# entries of the DASH_ENV array set; sets PID. The pane stays after an exit
# so that a crash can be seen.
run_dash() {
  local w=$1 h=$2 cmd a
  shift 2
  mkdir -p "$WORK/home"
  printf 'set -g remain-on-exit on\nset -g status off\n' >"$WORK/tmux.conf"
  cmd="exec $(printf %q "$BIN")"
  for a in "$@"; do cmd+=" $(printf %q "$a")"; done
  env -i PATH="$PATH" HOME="$WORK/home" TERM=xterm-256color LANG=C.UTF-8 \
    SCWDASH_LOG="${SCWDASH_LOG:-info}" "${DASH_ENV[@]}" \
    tmux -L "$SOCK" -f "$WORK/tmux.conf" new-session -d -s dash -x "$w" -y "$h" "$cmd"
  PID=$(tmux -L "$SOCK" display -p -t dash '#{pane_pid}')
}

# start_dash WIDTH HEIGHT ARGS...: the dashboard against URL (the SCW_*
# variables set, key: DASH_KEY), as run_dash.
start_dash() {
  DASH_ENV=(SCW_API_URL="$URL" SCW_SECRET_KEY="${DASH_KEY:-scwdash-script-key}")
  run_dash "$@"
}

# start_demo WIDTH HEIGHT ARGS...: `scwdash --demo ARGS` (its own simulator in
# process), as run_dash.
start_demo() {
  local w=$1 h=$2
  shift 2
  DASH_ENV=()
  run_dash "$w" "$h" --demo "$@"
}

cap() { tmux -L "$SOCK" capture-pane -p -t dash 2>/dev/null || true; }

# cpu_ticks PID: the CPU time of PID (utime + stime, all threads), in clock
# ticks (getconf CLK_TCK a second).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
keys() { tmux -L "$SOCK" send-keys -t dash "$@"; }
# A key right after Escape would reach the app as Alt+key: leave a gap.
esc() { keys Escape; sleep 0.2; }
alive() {
  [[ "$(tmux -L "$SOCK" display -p -t dash '#{pane_dead}' 2>/dev/null)" == 0 ]] && kill -0 "$PID" 2>/dev/null
}

# wait_until BUDGET_MS COMMAND...: runs COMMAND every POLL_S until it
# succeeds; prints the wait in ms; fails after the budget. The one polling
# loop of the scripts: wait_for, wait_gone and the scripts' own conditions
# (a header that changed, a regex, fetches that settled) go through it.
wait_until() {
  local budget=$1 start now
  shift
  start=$(ms)
  while true; do
    if "$@"; then echo $(( $(ms) - start )); return 0; fi
    now=$(ms)
    (( now - start > budget )) && { echo $(( now - start )); return 1; }
    sleep "${POLL_S:-0.03}"
  done
}

shown() { cap | grep -qF -- "$1"; }
not_shown() { ! shown "$1"; }

# wait_for TEXT [BUDGET_MS]: waits until the pane contains TEXT (fixed
# string); prints the wait in ms; fails after the budget.
wait_for() { wait_until "${2:-${FRAME_MS:-1500}}" shown "$1"; }

# wait_gone TEXT [BUDGET_MS]: the same until the pane no longer contains TEXT.
wait_gone() { wait_until "${2:-${FRAME_MS:-1500}}" not_shown "$1"; }

# Resident memory of the dashboard (or of pid $1), in kB.
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/${1:-$PID}/status" 2>/dev/null || echo 0; }

# "p50 p95 max" of the numbers on stdin (one a line).
stats() {
  sort -n | awk '{a[NR] = $1} END {if (NR) print a[int((NR + 1) / 2)], a[int(NR * 0.95 + 0.5)], a[NR]; else print "- - -"}'
}
