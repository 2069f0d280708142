#!/usr/bin/env bash
# Times `scwdash list KIND --zone all` against the simulator with 100 ms of
# latency per request, compared with listing the same zones one by one.
# Prints a markdown table. Usage: scripts/bench_list.sh [runs]
set -euo pipefail

RUNS="${1:-5}"
LATENCY_MS=100
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
BIN=$(scwdash_bin "${SCWDASH_BIN:-}")
lib_init benchlist
start_sim --latency-ms "$LATENCY_MS" --log-file "$WORK/sim.log"

export SCW_API_URL="$URL" SCW_SECRET_KEY=bench SCW_CONFIG_PATH="$WORK/none.yaml"
LOG=(--log-file "$WORK/list.log")
ZONES=(fr-par-1 fr-par-2 fr-par-3 nl-ams-1 nl-ams-2 nl-ams-3 pl-waw-1 pl-waw-2 pl-waw-3)
REGIONS=(fr-par nl-ams pl-waw)

# Median wall time in seconds of running "$@" RUNS times.
median() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1e6}'
}

# Every zone (or region) listed by its own process, one after the other.
sequential() {
  local kind=$1 flag=$2; shift 2
  for l in "$@"; do "$BIN" list "$kind" "$flag" "$l" "${LOG[@]}"; done
}

START=$(median "$BIN" --version)
echo "process start (scwdash --version): ${START} s; latency ${LATENCY_MS} ms per request; median of $RUNS runs"
echo
echo "| kind | scope | all at once (s) | round trips (≈ t/0.1 s) | sequential (s) |"
echo "| --- | --- | --- | --- | --- |"
for kind in servers volumes security-groups server-types images; do
  all=$(median "$BIN" list "$kind" --zone all "${LOG[@]}")
  seq=$(median sequential "$kind" --zone "${ZONES[@]}")
  rt=$(awk -v t="$all" -v s="$START" 'BEGIN {printf "%.1f", (t - s) / 0.1}')
  echo "| $kind | --zone all | $all | $rt | $seq |"
done
for kind in private-networks vpcs; do
  for flag in --zone --region; do
    all=$(median "$BIN" list "$kind" "$flag" all "${LOG[@]}")
    seq=$(median sequential "$kind" --region "${REGIONS[@]}")
    rt=$(awk -v t="$all" -v s="$START" 'BEGIN {printf "%.1f", (t - s) / 0.1}')
    echo "| $kind | $flag all | $all | $rt | $seq |"
  done
done
