#!/usr/bin/env bash
# The scaling benchmark of issue 10: for each mode and scale, generate deterministic Koku-layout parquet whose
# cardinalities grow with the scale, run the mode end to end into a throwaway PostgreSQL 15 (or the one in
# COSTAGG_BENCH_PG_URI) and measure, in the same run, costagg (GNU time: wall, CPU, peak RSS; --json: rows in,
# rows out, seconds per phase) and the limit of bench/bench_lib.sh: (a) DuckDB scanning the same parquet columns
# with the same GROUP BY shape + (b) PostgreSQL's own binary COPY of the same output rows into the same tables
# in one transaction. Appends one line per mode and scale to docs/benchmarks/results.csv (machine, load, date,
# commit) and regenerates docs/benchmarks/results.md and docs/benchmarks/scaling.png (bench/plot_results.py).
#
#   bench/scaling.sh [--scales 20000,100000,500000,1000000,2000000] [--modes ocp,aws,ocp-aws] [--runs 1]
#                    [--plot-only]
#
# A scale is the mode's input rows as the POC counts them: ocp, hourly pod rows of one day (24 per pod); aws,
# AWS daily line items of a 31-day month; ocp-aws, AWS daily line items of a 31-day month, with the OpenShift
# cluster's pods and nodes in the proportion of bench/ocp_aws_summary.sh. 10M and 100M are accepted
# (--scales 10000000), not run by default. --runs N keeps the best wall of N runs and the best of each limit.
# Ingest is not measured: the generators write parquet only, not the operator / CUR CSV `costagg ingest` reads.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scales=20000,100000,500000,1000000,2000000
modes=ocp,aws,ocp-aws
runs=1
plot_only=""
while [ $# -gt 0 ]; do
  case $1 in
    --scales) scales=$2; shift 2 ;;
    --modes) modes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --plot-only) plot_only=1; shift ;;
    *) echo "usage: bench/scaling.sh [--scales N,...] [--modes ocp,aws,ocp-aws] [--runs N] [--plot-only]" >&2
       exit 2 ;;
  esac
done
out=${COSTAGG_BENCH_OUT:-docs/benchmarks}  # another directory for trying the script out
results=$out/results.csv
first=2025-10-01
days=31

# matplotlib in a venv of the benchmark's build directory (not committed), made on first use.
plot() {
  local venv=${COSTAGG_BENCH_VENV:-build-bench/venv}
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import matplotlib' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q matplotlib
  fi
  "$venv/bin/python" bench/plot_results.py "$results" "$out/results.md" "$out/scaling.png"
}
if [ -n "$plot_only" ]; then plot; exit 0; fi

# shellcheck source=bench/bench_lib.sh
source bench/bench_lib.sh
# shellcheck source=bench/bench_modes.sh
source bench/bench_modes.sh
bench_start
commit=$(git rev-parse --short HEAD)
if [ -n "$(git status --porcelain -- src sql CMakeLists.txt)" ]; then commit+="+uncommitted"; fi
machine="$(nproc) cores $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) $(uname -m)"
[ -f "$results" ] || echo "date,commit,machine,load_before,load_after,mode,scale,input_rows,output_rows,\
wall_s,cpu_s,peak_rss_mib,phases,scan_s,copy_s,limit_s,ratio,runs,cardinalities" >"$results"

# Each mode_<mode> SCALE sets up the mode at that scale (bench/bench_modes.sh: the data under $data, the schema,
# run, scan, where, tables) with cardinalities that grow with the scale, and says which in cardinalities.
mode_ocp() {
  local pods=$(($1 / 24)) nodes namespaces
  nodes=$((pods / 80 > 2 ? pods / 80 : 2))
  namespaces=$((pods / 40 > 5 ? pods / 40 : 5))
  cardinalities="$pods pods; $nodes nodes; $namespaces namespaces; $((4 * namespaces)) apps"
  bench_setup_ocp "$pods" "$nodes" "$namespaces" >/dev/null
}

mode_aws() {
  local accounts=$(($1 / 50000 > 4 ? $1 / 50000 : 4))
  bench_setup_aws "$1" "$first" "$days" "$accounts" >/dev/null
  cardinalities="$accounts accounts; $(echo "$generated" | sed -nE 's/.*\(([0-9]+) resources a day\).*/\1/p')\
 resources a day; $((accounts * 3 / 2)) apps"
}

mode_ocp-aws() {
  local pods=$(($1 * 28 / 1000)) nodes
  nodes=$((pods / 200 > 3 ? pods / 200 : 3))
  cardinalities="$pods pods a day; $nodes nodes; 350 namespaces; 12 accounts"
  bench_setup_ocp_aws "$1" "$pods" "$nodes" "$first" "$days" >/dev/null
}

bench_machine
IFS=, read -ra mode_list <<<"$modes"
IFS=, read -ra scale_list <<<"$scales"
for mode in "${mode_list[@]}"; do
  for scale in "${scale_list[@]}"; do
    echo "== $mode at $scale input rows"
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    schema=bench_${mode//-/_}_$scale
    data=$work/data_$schema
    t0=$(secs)
    "mode_$mode" "$scale"
    echo "generate and set up: $(echo "$(secs) - $t0" | bc) s; $cardinalities; $(du -sh "$data" | cut -f1) of parquet"
    bench_pairs "$runs"
    read -r wall user sys rss <"$work/time$best_run"
    json=$work/run$best_run.json
    if [ "$(jq -r .status "$json")" != ok ]; then echo "costagg status: $(jq -c . "$json")" >&2; exit 1; fi
    limit=$(echo "$scan_best + $copy_best" | bc)
    printf '%s,%s,%s,%s,%s,%s,%s,%s,%s,%.2f,%.2f,%s,%s,%.3f,%.3f,%.3f,%.2f,%s,%s\n' "$(date -u +%F)" "$commit" \
      "$machine" "$load_before" "$(cut -d' ' -f1 /proc/loadavg)" "$mode" "$scale" "$(jq .input.rows "$json")" \
      "$output_rows" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" \
      "$(jq -r '.seconds | to_entries | map("\(.key)=\(.value * 1000 | round / 1000)") | join(";")' "$json")" \
      "$scan_best" "$copy_best" "$limit" "$(echo "scale=3; $wall / $limit" | bc)" "$runs" "$cardinalities" \
      >>"$results"
    psql -c "DROP SCHEMA $schema CASCADE" 2>/dev/null
    rm -rf "$data"
  done
done
plot
