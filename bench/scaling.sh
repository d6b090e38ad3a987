#!/usr/bin/env bash
# The scaling benchmark of issue 10: for each mode and scale, generate deterministic Koku-layout parquet whose
# cardinalities grow with the scale, run the mode end to end into a throwaway PostgreSQL 15 (or the one in
# COSTAGG_BENCH_PG_URI) and measure, in the same run, costagg (GNU time: wall, CPU, peak RSS; --json: rows in,
# rows out, seconds per phase) and the limit of bench/bench_lib.sh: (a) DuckDB scanning the same parquet columns
# with the same GROUP BY shape + (b) PostgreSQL's own binary COPY of the same output rows into the same tables
# in one transaction. Appends one line per mode and scale to docs/benchmarks/results.csv (machine, load, date,
# commit) and regenerates docs/benchmarks/results.md and docs/benchmarks/scaling.png (bench/plot_results.py).
#
#   bench/scaling.sh [--scales 20000,100000,500000,1000000,2000000]
#                    [--modes ocp,aws,ocp-aws,ingest-ocp,ingest-aws] [--runs 1] [--plot-only]
#
# A scale is the mode's input rows as the POC counts them: ocp, hourly pod rows of one day (24 per pod); aws,
# AWS daily line items of a 31-day month; ocp-aws, AWS daily line items of a 31-day month, with the OpenShift
# cluster's pods and nodes in the proportion of bench/ocp_aws_summary.sh; ingest-ocp, rows of operator CSV (hourly
# pod rows of one day in files of 250,000 rows, plus a storage row per 10 pods and the label reports:
# bench/ingest_ocp_data.py); ingest-aws, CUR line items of one month (bench/ingest_aws_data.py). The ingest modes
# write parquet to local disk and need no PostgreSQL: their limit is DuckDB's plain CSV -> parquet of the same
# files (bench/ingest_plain.py, its own seconds), in the scan column, with no COPY. 10M and 100M are accepted
# (--scales 10000000), not run by default. --runs N keeps the best wall of N runs and the best of each limit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scales=20000,100000,500000,1000000,2000000
modes=ocp,aws,ocp-aws,ingest-ocp,ingest-aws
runs=1
plot_only=""
while [ $# -gt 0 ]; do
  case $1 in
    --scales) scales=$2; shift 2 ;;
    --modes) modes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --plot-only) plot_only=1; shift ;;
    *) echo "usage: bench/scaling.sh [--scales N,...] [--modes ocp,aws,ocp-aws,ingest-ocp,ingest-aws] [--runs N]" \
         "[--plot-only]" >&2
       exit 2 ;;
  esac
done
out=${COSTAGG_BENCH_OUT:-docs/benchmarks}  # another directory for trying the script out
results=$out/results.csv
first=2025-10-01
days=31

# matplotlib (the plot) and DuckDB's Python package (the ingest modes' data and limit) in a venv of the
# benchmark's build directory (not committed), made on first use.
venv=${COSTAGG_BENCH_VENV:-build-bench/venv}
python_venv() {
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import matplotlib, duckdb' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q matplotlib duckdb==1.4.4
  fi
}
plot() {
  python_venv
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

# The ingest modes: the CSV under $data, written by the ingest benchmark's generators; costagg ingest writes under
# $work/ingest_out. pairs=ingest_pairs runs them against bench/ingest_plain.py instead of PostgreSQL.
mode_ingest-ocp() {
  local pods=$(($1 / 24)) nodes
  nodes=$((pods / 208 > 2 ? pods / 208 : 2))
  cardinalities="$pods pods; $nodes nodes; 50 namespaces; pod files of 250000 rows"
  "$venv/bin/python" bench/ingest_ocp_data.py "$data" "$pods" "$nodes" 50 250000 >/dev/null
  run=($bin/costagg ingest ocp --from "$data" --to "$work/ingest_out" --schema org1234567
    --source "$bench_ocp_source")
  pairs=ingest_pairs
}

mode_ingest-aws() {
  local resources=$(($1 / 720 > 3 ? $1 / 720 : 3))
  cardinalities="$resources resources x 720 hours; 20 accounts; one CUR file"
  "$venv/bin/python" bench/ingest_aws_data.py "$data" "$resources" 3000000 >/dev/null
  run=($bin/costagg ingest aws --from "$data" --to "$work/ingest_out" --schema org1234567
    --source "$bench_aws_source")
  pairs=ingest_pairs
}

# RUNS pairs of an ingest mode, back to back: costagg (timed, into an empty directory), then DuckDB's plain CSV ->
# parquet of the same files. Sets what bench_pairs sets: best, best_run, scan_best (the plain seconds),
# copy_best (0) and output_rows (the parquet rows costagg wrote).
ingest_pairs() {
  local runs=$1 i previous s
  best="" scan_best="" best_run=""
  for i in $(seq 1 "$runs"); do
    previous=$best
    rm -rf "$work/ingest_out" "$work/plain"
    bench_costagg_run "$i" "${run[@]}"
    if [ "$best" != "$previous" ]; then best_run=$i; fi
    s=$("$venv/bin/python" bench/ingest_plain.py "$data" "$work/plain" | awk '{print $2}')
    echo "limit run $i: DuckDB's plain CSV -> parquet $s s"
    keep_min scan_best "$s"
  done
  rm -rf "$work/ingest_out" "$work/plain"
  copy_best=0
  output_rows=$(jq '[.files[].rows] | add // 0' "$work/run$best_run.json")
  echo "best: costagg $best s; limit $scan_best s; ratio $(echo "scale=2; $best / $scan_best" | bc)x" \
    "(target 1.5x); load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

python_venv
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
    pairs=bench_pairs
    "mode_$mode" "$scale"
    echo "generate and set up: $(echo "$(secs) - $t0" | bc) s; $cardinalities; $(du -sh "$data" | cut -f1) of input"
    "$pairs" "$runs"
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
    psql -c "DROP SCHEMA IF EXISTS $schema CASCADE" 2>/dev/null
    rm -rf "$data"
  done
done
plot
