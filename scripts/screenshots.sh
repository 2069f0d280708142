#!/usr/bin/env bash
# Regenerates screenshots/*.png: runs `scwdash --demo` in a private tmux
# server at fixed sizes, drives it with keys to each view, captures the pane
# with its colours (capture-pane -e), converts the ANSI to HTML
# (scripts/ansi2html.py) and photographs the page with headless Chromium.
#
#   scripts/screenshots.sh                 # release build (what the README shows)
#   SCREENSHOTS_PROFILE=debug scripts/screenshots.sh   # quicker, same pictures
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${SCREENSHOTS_PROFILE:-release}
if [ -n "${SCWDASH_BIN:-}" ]; then
  : # an already built binary, used as is
elif [ "$profile" = release ]; then
  cargo build --release --bin scwdash
else
  cargo build --bin scwdash
fi
bin="${SCWDASH_BIN:-${CARGO_TARGET_DIR:-target}/$profile/scwdash}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

need=()
command -v tmux >/dev/null || need+=(tmux)
command -v chromium >/dev/null || need+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

out=screenshots
mkdir -p "$out"
# The dashboard in a private tmux server, its work directory, cleanup and
# polling: lib.sh's, as every script that drives the dashboard.
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
BIN=$bin
lib_init shots

t() { tmux -L "$SOCK" "$@"; }
text() { keys -l "$1"; }

# Polls the screen until it contains $1 (15 s at most).
until_shown() {
  wait_for "$1" 15000 >/dev/null && return 0
  echo "screenshots: timed out waiting for '$1'; screen:" >&2
  cap >&2
  exit 1
}

# Lets the last key's frame land (the dashboard draws at most every 16 ms).
settle() { sleep 0.3; }

# start COLS ROWS [PRESET [ENV...]]: the demo at that size, with the theme
# preset (dark unless told: the shots must not depend on tmux answering OSC 11)
# and extra environment (NO_COLOR=1).
start() {
  local cols=$1 rows=$2 preset=${3:-dark}
  shift 2; shift $(( $# > 0 ? 1 : 0 ))
  cols_now=$cols rows_now=$rows light=""
  [ "$preset" = light ] && light=--light
  mkdir -p "$WORK/home/config/scwdash"
  # Each session starts without the last one's fleet snapshot ("while
  # away"), unless KEEP_SNAPSHOT=1 asks for it.
  [ "${KEEP_SNAPSHOT:-}" = 1 ] || rm -f "$WORK/home/.local/state/scwdash/fleet-demo.json"
  printf '[theme]\npreset = "%s"\n' "$preset" >"$WORK/home/config/scwdash/config.toml"
  DASH_ENV=(XDG_CONFIG_HOME="$WORK/home/config" COLORTERM=truecolor "$@")
  run_dash "$cols" "$rows" --demo --log-file "$WORK/scwdash.log"
  t resize-window -t dash -x "$cols" -y "$rows"
  until_shown "web-1"
  until_shown "refreshed"
}

# Quits as a user would (the fleet snapshot is written on the way out) and
# waits for the dashboard to be gone.
stop() {
  text q
  sleep 0.3
  stop_dash
}

# Photographs the current screen as $out/$1.png.
shot() {
  local name=$1
  settle
  t capture-pane -e -p -t dash >"$WORK/$name.ans"
  python3 scripts/ansi2html.py $light --title "scwdash: $name" <"$WORK/$name.ans" >"$WORK/$name.html"
  # DejaVu Sans Mono at 14px: 8.43 px a cell, 16.8 px a line, 12/14 px padding.
  local w h
  w=$(python3 -c "print(int($cols_now * 8.43 + 30))")
  h=$(python3 -c "print(int($rows_now * 16.8 + 26))")
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$WORK")" --hide-scrollbars \
    --window-size="$w,$h" --screenshot="$PWD/$out/$name.png" \
    "file://$WORK/$name.html" >/dev/null 2>&1
  echo "screenshots: $out/$name.png"
}

start 160 48
# db-primary (running, with a data volume and a private network): the fifth
# fr-par-1 server by name.
text jjjj
until_shown ">db-primary"
shot servers
# The details full screen (f; Esc back to the table and its pane).
text f
until_shown "┌ server db-primary"
shot details
keys Escape
text y
until_shown '"server"'
shot raw-json
keys Escape
text p
until_shown "Power:"
shot power-menu
keys Enter
until_shown "?"
shot confirm-power-off
text n
text '?'
until_shown "Keys (from your key map)"
shot help
keys Escape
text n
sleep 0.5
if cap | grep -qF "no form for"; then
  echo "screenshots: this build has no server form yet; no new-server-form.png" >&2
else
  shot new-server-form
  keys Escape
  # "New server in fr-par-1: cancelled" holds the status line for 5 s; the
  # next shots show the keys it teaches instead.
  for _ in $(seq 50); do cap | grep -qF ": cancelled" || break; sleep 0.2; done
fi
text 2
until_shown "backup-2025"
shot volumes
text 3
until_shown "database"
shot security-groups
text 4
until_shown "prod-backend"
shot private-networks
text 5
until_shown "prod"
shot vpcs
text 1
text z
until_shown "all"
shot zone-picker
text jjjjjjjjjj
keys Enter
until_shown "waw-dev"
shot all-zones
stop

start 100 30
shot servers-100x30
stop

# NO_COLOR: no colour at all; the current tab, zone and row stay visible
# (reversed), errors bold and underlined.
start 100 30 dark NO_COLOR=1
text jjjj
until_shown ">db-primary"
shot no-color
stop

# The light preset on a light terminal.
start 100 30 light
text jjjj
until_shown ">db-primary"
shot light-theme
stop

# What changed: db-primary powered off from the dashboard, its transitions
# in the events view (6)...
start 160 48
text jjjj
until_shown ">db-primary"
text p
until_shown "Power:"
keys Enter
until_shown "?"
text y
text 6
until_shown "→ stopped"
shot events
stop
# ...and after a restart (the demo's fleet starts afresh), what changed
# while the dashboard was closed, against the snapshot the last run left.
KEEP_SNAPSHOT=1 start 160 48
until_shown "since"
text 6
until_shown "away"
shot events-while-away
stop

# Where the money goes (:cost) over every zone: the servers largest first,
# then (G) the leaks; the topology (:topology) of fr-par-1 as a tree.
start 160 48
text z
until_shown "all"
text jjjjjjjjjj
keys Enter
until_shown "waw-dev"
text :cost
keys Enter
until_shown "gpu-trainer"
shot cost
text G
until_shown "leak: VPC"
shot cost-leaks
stop
start 160 48
text :topology
keys Enter
until_shown "public only"
shot topology
stop

ls -l "$out"
