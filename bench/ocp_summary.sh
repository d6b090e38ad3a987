#!/usr/bin/env bash
# Benchmark of `costagg summarize ocp`: PODS pods x 24 hourly rows for one day (2,000,016 input pod rows by
# default, the size the POC measured at 283 s and 10 GB) on NODES nodes in NAMESPACES namespaces, parquet on local
# disk -> a throwaway PostgreSQL 15 (or the one in COSTAGG_BENCH_PG_URI). Enabled tag keys app, pod_name, zone and
# cost_center make every pod its own summary row. RUNS pairs of a timed run (GNU time: wall, CPU, peak RSS;
# costagg's --timings and --json) and the limit right after it (bench/bench_lib.sh): (a) DuckDB scanning the same
# parquet columns with the summary's GROUP BY keys (costagg_bench_data ocp-scan), (b) PostgreSQL's own binary COPY
# of the same rows into the same table in one transaction; prints best costagg wall / (best (a) + best (b)).
#   bench/ocp_summary.sh [PODS] [NODES] [RUNS] [NAMESPACES]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pods=${1:-83334}
nodes=${2:-100}
runs=${3:-3}
namespaces=${4:-50}
schema=org1234567
# shellcheck source=bench/bench_lib.sh
source bench/bench_lib.sh
# shellcheck source=bench/bench_modes.sh
source bench/bench_modes.sh
bench_start

data=$work/data
bench_setup_ocp "$pods" "$nodes" "$namespaces"
bench_machine
echo "input: $(du -sh "$data" | cut -f1) of parquet, $((pods * 24)) hourly pod rows, $nodes nodes"
bench_pairs "$runs"
