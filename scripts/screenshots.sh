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
work=$(mktemp -d)
sock="scwdash-shots-$$"
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

t() { tmux -L "$sock" "$@"; }
keys() { t send-keys -t shots "$@"; }
text() { t send-keys -t shots -l "$1"; }
screen() { t capture-pane -p -t shots; }

# Polls the screen until it contains $1 (15 s at most).
wait_for() {
  local i
  for i in $(seq 1 300); do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.05
  done
  echo "screenshots: timed out waiting for '$1'; screen:" >&2
  screen >&2
  exit 1
}

# Lets the last key's frame land (the dashboard draws at most every 16 ms).
settle() { sleep 0.3; }

start() {
  local cols=$1 rows=$2
  cols_now=$cols rows_now=$rows
  mkdir -p "$work/home/config"
  env -i PATH="$PATH" HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" \
    TERM=xterm-256color LANG=C.UTF-8 COLORTERM=truecolor \
    tmux -L "$sock" -f /dev/null new-session -d -s shots -x "$cols" -y "$rows" \
    "$bin" --demo --log-file "$work/scwdash.log"
  t set-option -g status off
  t set-option -g default-terminal tmux-256color
  t resize-window -t shots -x "$cols" -y "$rows"
  wait_for "web-1"
  wait_for "refreshed"
}

stop() {
  text q
  sleep 0.3
  t kill-server 2>/dev/null || true
}

# Photographs the current screen as $out/$1.png.
shot() {
  local name=$1
  settle
  t capture-pane -e -p -t shots >"$work/$name.ans"
  python3 scripts/ansi2html.py --title "scwdash: $name" <"$work/$name.ans" >"$work/$name.html"
  # DejaVu Sans Mono at 14px: 8.43 px a cell, 16.8 px a line, 12/14 px padding.
  local w h
  w=$(python3 -c "print(int($cols_now * 8.43 + 30))")
  h=$(python3 -c "print(int($rows_now * 16.8 + 26))")
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" --hide-scrollbars \
    --window-size="$w,$h" --screenshot="$PWD/$out/$name.png" \
    "file://$work/$name.html" >/dev/null 2>&1
  echo "screenshots: $out/$name.png"
}

start 160 48
# db-primary (running, with a data volume and a private network): the fifth
# fr-par-1 server by name.
text jjjj
wait_for ">db-primary"
shot servers
keys Enter
wait_for "Volumes"
shot details
keys Enter
text y
wait_for '"server"'
shot raw-json
keys Escape
text p
wait_for "Power:"
shot power-menu
keys Enter
wait_for "?"
shot confirm-power-off
text n
text '?'
wait_for "Keys (from your key map)"
shot help
keys Escape
text n
sleep 0.5
if screen | grep -qF "no form for"; then
  echo "screenshots: this build has no server form yet; no new-server-form.png" >&2
else
  shot new-server-form
  keys Escape
fi
text 2
wait_for "backup-2025"
shot volumes
text 3
wait_for "database"
shot security-groups
text 4
wait_for "prod-backend"
shot private-networks
text 5
wait_for "prod"
shot vpcs
text 1
text z
wait_for "all"
shot zone-picker
text jjjjjjjjjj
keys Enter
wait_for "waw-dev"
shot all-zones
stop

start 100 30
shot servers-100x30
stop

ls -l "$out"
