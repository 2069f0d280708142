#!/usr/bin/env bash
# Paging through a whole zone of the simulator: the time to read every page
# (100 a page, one keep-alive connection) of fr-par-1's Block volumes, its
# servers and fr-par's IPAM addresses, with `scwdash sim --fleet N` spread
# over the zones and with `--fleet-zone fr-par-1` (the whole fleet in one
# zone). With BEFORE=path, the same run with that binary too, alternated, and
# the ratio. Prints a markdown table and the load average.
# Usage: scripts/bench_sim_pages.sh [fleet] [rounds]
# Knobs: BIN=path (default: a release build), BEFORE=path.
set -euo pipefail

FLEET="${1:-100000}"
ROUNDS="${2:-1}"
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
AFTER=$(scwdash_bin "${BIN:-}")
lib_init simpages

# page_all URL PATH KEY: pages through PATH (`page`, `page_size`/`per_page`
# 100) until a page is short; prints "items pages seconds".
page_all() {
  python3 - "$@" <<'EOF'
import http.client, json, sys, time, urllib.parse
url, path, key = sys.argv[1:4]
u = urllib.parse.urlparse(url)
conn = http.client.HTTPConnection(u.hostname, u.port)
size = "per_page" if path.startswith("/instance/") else "page_size"
items = pages = 0
start = time.monotonic()
while True:
    pages += 1
    conn.request("GET", f"{path}?page={pages}&{size}=100", headers={"X-Auth-Token": "bench"})
    resp = conn.getresponse()
    body = resp.read()
    assert resp.status == 200, (resp.status, body[:200])
    n = len(json.loads(body)[key])
    items += n
    if n < 100:
        break
print(items, pages, f"{time.monotonic() - start:.3f}")
EOF
}

LISTS=(
  "/block/v1/zones/fr-par-1/volumes volumes"
  "/instance/v1/zones/fr-par-1/servers servers"
  "/ipam/v1/regions/fr-par/ips ips"
)
BINS=("$AFTER")
[[ -n "${BEFORE:-}" ]] && BINS=("$(scwdash_bin "$BEFORE")" "$AFTER")

declare -A SECS ITEMS
echo "scwdash sim --fleet $FLEET; every page of 100 of each list, one connection; $ROUNDS round(s), binaries alternated; $(nproc) cores"
echo
for round in $(seq "$ROUNDS"); do
  for placement in spread one-zone; do
    args=(--fleet "$FLEET")
    [[ "$placement" == one-zone ]] && args+=(--fleet-zone fr-par-1)
    for bin in "${BINS[@]}"; do
      BIN="$bin" start_sim "${args[@]}"
      for list in "${LISTS[@]}"; do
        read -r path key <<<"$list"
        read -r items pages secs < <(page_all "$URL" "$path" "$key")
        k="$placement|$path|$bin"
        SECS[$k]=$(python3 -c "print(${SECS[$k]:-0} + $secs)")
        ITEMS["$placement|$path"]="$pages"
        echo "round $round $placement $(basename "$bin") $path: $items items, $pages pages, ${secs}s (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
      done
    done
  done
done

echo "| fleet | list | pages | seconds ($(for b in "${BINS[@]}"; do printf "%s " "$(basename "$b")"; done)) | before / after |"
echo "| --- | --- | --- | --- | --- |"
for placement in spread one-zone; do
  for list in "${LISTS[@]}"; do
    read -r path _ <<<"$list"
    times=()
    for bin in "${BINS[@]}"; do times+=("${SECS[$placement|$path|$bin]}"); done
    ratio="-"
    [[ ${#BINS[@]} == 2 ]] && ratio=$(python3 -c "print(f'{${times[0]} / max(${times[1]}, 1e-9):.1f}x')")
    echo "| $FLEET $placement | \`$path\` | ${ITEMS[$placement|$path]:-} | ${times[*]} | $ratio |"
  done
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
