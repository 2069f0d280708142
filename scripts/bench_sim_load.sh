#!/usr/bin/env bash
# The simulator as a load target: requests per second `scwdash sim --fleet N`
# (default 10000) serves on loopback for one page of 100 of a servers list, a
# Block volumes list and a VPC private networks list, measured with wrk
# (Debian: `apt-get install wrk`). Prints a markdown table.
# Usage: scripts/bench_sim_load.sh [seconds per endpoint] [fleet]
# Knobs: THREADS / CONNECTIONS of wrk (default 2 / 16); NO_BUILD=1 reuses the
# release binary in $CARGO_TARGET_DIR/release; BIN=path runs that one.
set -euo pipefail

SECONDS_EACH="${1:-10}"
FLEET="${2:-10000}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16}"
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
command -v wrk >/dev/null || { echo "bench_sim_load: wrk is required (apt-get install wrk)" >&2; exit 2; }
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
BIN=$(scwdash_bin "${BIN:-${NO_BUILD:+$CARGO_TARGET_DIR/release/scwdash}}")
lib_init simload
start_sim --fleet "$FLEET" --log-file "$WORK/sim.log"

TOKEN=scwdash-load-token
ENDPOINTS=(
  "/instance/v1/zones/fr-par-1/servers?per_page=100"
  "/block/v1/zones/fr-par-1/volumes?page_size=100"
  "/vpc/v2/regions/fr-par/private-networks?page_size=100"
)

# Every endpoint must answer 200 with items before it is measured.
for path in "${ENDPOINTS[@]}"; do
  code=$(curl -s -o "$WORK/body.json" -w '%{http_code}' -H "X-Auth-Token: $TOKEN" "$URL$path")
  [[ "$code" == 200 ]] || { echo "GET $path answered $code" >&2; exit 1; }
done

echo "scwdash sim --fleet $FLEET on $URL; wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_EACH}s per endpoint; $(nproc) cores"
echo
echo "| endpoint | items | bytes | requests/s | latency p50 | latency p99 | non-2xx |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for path in "${ENDPOINTS[@]}"; do
  curl -s -o "$WORK/body.json" -H "X-Auth-Token: $TOKEN" "$URL$path"
  bytes=$(wc -c <"$WORK/body.json")
  items=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(max(len(v) for v in d.values() if isinstance(v, list)))' "$WORK/body.json")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -H "X-Auth-Token: $TOKEN" "$URL$path" >"$WORK/wrk.out"
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$WORK/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.out")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$WORK/wrk.out")
  echo "| \`GET $path\` | $items | $bytes | $rps | $p50 | $p99 | ${bad:-0} |"
done
echo
echo "sim process after the load: $(awk '/VmRSS/ {r = $2} /VmHWM/ {h = $2} END {printf "VmRSS %.1f MB, VmHWM %.1f MB", r / 1024, h / 1024}' "/proc/$SIM_PID/status")"
