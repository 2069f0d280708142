#!/usr/bin/env bash
# Resident memory of the simulator with a large fleet: starts
# `scwdash sim --fleet N` (default 10000), prints VmRSS/VmHWM once it listens,
# then lists every page (of 100) of every kind in every zone or region once
# with curl (servers, Instance volumes, security groups, Block volumes,
# private networks, VPCs, server types, images) and prints them again.
# Usage: scripts/sim_memory.sh [fleet] [rounds]   (Linux /proc, curl, python3)
# NO_BUILD=1 reuses the release binary in $CARGO_TARGET_DIR/release; BIN=path runs that one.
set -euo pipefail

FLEET="${1:-10000}"
ROUNDS="${2:-1}"
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
BIN=$(scwdash_bin "${BIN:-${NO_BUILD:+$CARGO_TARGET_DIR/release/scwdash}}")
lib_init simmem
start_sim --fleet "$FLEET" --log-file "$WORK/sim.log"

ZONES=(fr-par-1 fr-par-2 fr-par-3 nl-ams-1 nl-ams-2 nl-ams-3 pl-waw-1 pl-waw-2 pl-waw-3 it-mil-1)
REGIONS=(fr-par nl-ams pl-waw it-mil)
# RssAnon is the simulator's data; RssFile the pages of code and libraries it ran.
rss() { awk '/VmRSS/ {r = $2} /VmHWM/ {h = $2} /RssAnon/ {a = $2} /RssFile/ {f = $2} END {printf "VmRSS %.1f MB, VmHWM %.1f MB (anon %.1f, file %.1f)", r / 1024, h / 1024, a / 1024, f / 1024}' "/proc/$SIM_PID/status"; }

# Number of items of the largest list in the JSON body on stdin.
count() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(max([len(v) for v in d.values() if isinstance(v, list)] + [0]))'; }

# pages PATH PAGE_PARAM: GET every page of 100 of PATH; prints the items seen.
pages() {
  local path=$1 param=$2 page=1 n total=0 code
  while true; do
    code=$(curl -s -o "$WORK/page.json" -w '%{http_code}' -H "X-Auth-Token: scwdash-mem-token" \
      "$URL$path?page=$page&$param=100")
    [[ "$code" == 200 ]] || { echo "GET $path page $page answered $code" >&2; exit 1; }
    n=$(count <"$WORK/page.json")
    total=$((total + n))
    ((n < 100)) && break
    page=$((page + 1))
  done
  echo "$total"
}

echo "scwdash sim --fleet $FLEET (pid $SIM_PID)"
echo "listening:             $(rss)"
for round in $(seq "$ROUNDS"); do
  servers=0 volumes=0 sgs=0 block=0 pns=0 vpcs=0
  for z in "${ZONES[@]}"; do
    servers=$((servers + $(pages "/instance/v1/zones/$z/servers" per_page)))
    volumes=$((volumes + $(pages "/instance/v1/zones/$z/volumes" per_page)))
    sgs=$((sgs + $(pages "/instance/v1/zones/$z/security_groups" per_page)))
    pages "/instance/v1/zones/$z/products/servers" per_page >/dev/null
    pages "/instance/v1/zones/$z/images" per_page >/dev/null
    block=$((block + $(pages "/block/v1/zones/$z/volumes" page_size)))
  done
  for r in "${REGIONS[@]}"; do
    pns=$((pns + $(pages "/vpc/v2/regions/$r/private-networks" page_size)))
    vpcs=$((vpcs + $(pages "/vpc/v2/regions/$r/vpcs" page_size)))
  done
  echo "after listing round $round: $(rss)  ($servers servers, $volumes instance volumes, $sgs security groups, $block block volumes, $pns private networks, $vpcs VPCs)"
done
