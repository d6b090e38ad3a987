#!/usr/bin/env bash
# Benchmark of `costagg summarize ocp-aws`: one month of an AWS account (AWS_ROWS daily rows, ~2M by default) and
# the OpenShift cluster running in it (PODS pods a day on NODES nodes, each pod its own daily summary row), so
# that the project table gets ~2M rows. Parquet on local disk -> a throwaway PostgreSQL 15 (or the one in
# COSTAGG_BENCH_PG_URI). bench/ocp_aws_bench_data.inc describes the data.
#
# Steps (bench/bench_modes.sh): generate, init-db, enabled tag keys, `summarize ocp` for the month (setup, timed
# for information), then RUNS pairs of a timed run of `summarize ocp-aws` (GNU time: wall, CPU, peak RSS;
# costagg's --timings and --json) and the limit measured right after it (bench/bench_lib.sh):
#   (a) DuckDB scanning the same parquet columns with a GROUP BY of the same keys (costagg_bench_data scan),
#   (b) PostgreSQL's own binary COPY of the rows costagg wrote into the same Koku tables, in one transaction
#       (delete the range's rows + COPY FROM + commit), after exporting them with COPY TO (FORMAT binary).
# Prints best-of-RUNS costagg wall / (best (a) + best (b)), then one run at --log-level trace for every SQL step.
# RUNS 0: one timed run of summarize ocp-aws and nothing else (no limit, no trace), for sizes where only its
# time and memory are wanted.
#   bench/ocp_aws_summary.sh [AWS_ROWS] [PODS] [NODES] [DAYS] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
aws_rows=${1:-2000000}
pods=${2:-56000}
nodes=${3:-280}
days=${4:-31}
runs=${5:-3}
first=2025-10-01

schema=org1234567
# shellcheck source=bench/bench_lib.sh
source bench/bench_lib.sh
# shellcheck source=bench/bench_modes.sh
source bench/bench_modes.sh
bench_start

t0=$(secs)
data=$work/data
bench_setup_ocp_aws "$aws_rows" "$pods" "$nodes" "$first" "$days"
echo "generate and summarize ocp: $(echo "$(secs) - $t0" | bc) s"
bench_machine
aws_daily=$(du -sh "$data/data/parquet/daily" | cut -f1)
echo "input: $(du -sh "$data" | cut -f1) of parquet ($aws_daily AWS daily), $days days from $first"
echo "OpenShift daily summary rows: $(psql -c "SELECT data_source, count(*) FROM
  $schema.reporting_ocpusagelineitem_daily_summary GROUP BY 1 ORDER BY 1" | tr '\n' ' ')"

if [ "$runs" = 0 ]; then
  best=""
  bench_costagg_run 1 "${run[@]}"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
bench_pairs "$runs"
# One more run at trace level: the time of every SQL step.
bench_sql_steps "${run[@]}"
