#!/usr/bin/env bash
# Benchmark of `costagg summarize aws --ec2-compute` (issue 9): one month of a large AWS organisation, AWS_ROWS
# daily line items (2M by default) over DAYS days, parquet on local disk -> a throwaway PostgreSQL 15 (or the one
# in COSTAGG_BENCH_PG_URI). bench/aws_bench_data.inc describes the data.
#
# Steps: generate, init-db, enabled tag keys, then RUNS times back to back: a timed run of summarize aws (GNU time:
# wall, CPU, peak RSS; costagg's --timings and --json) and the limit measured right after it:
#   (a) DuckDB scanning the same 29 parquet columns with a GROUP BY of the daily summary's keys
#       (costagg_bench_data aws-scan),
#   (b) PostgreSQL's own binary COPY of the rows costagg wrote into the same two Koku tables, in one transaction
#       (delete the range's rows + COPY FROM + commit), after exporting them with COPY TO (FORMAT binary).
# Then one run at --log-level trace for the time of each SQL statement and COPY. Prints best costagg wall /
# (best (a) + best (b)). MEMORY_LIMIT, when given, is passed as --memory-limit (default: the mode's own).
#   bench/aws_summary.sh [AWS_ROWS] [DAYS] [RUNS] [MEMORY_LIMIT]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
aws_rows=${1:-2000000}
days=${2:-31}
runs=${3:-2}
memory_limit=${4:-}
first=2025-10-01
last=$(date -u -d "$first + $((days - 1)) days" +%F)
schema=org1234567
# shellcheck source=bench/bench_lib.sh
source bench/bench_lib.sh
# shellcheck source=bench/bench_modes.sh
source bench/bench_modes.sh
bench_start

t0=$(secs)
data=$work/data
bench_setup_aws "$aws_rows" "$first" "$days" 40
echo "generate: $(echo "$(secs) - $t0" | bc) s; input: $(du -sh "$data" | cut -f1) of parquet, $first..$last"
bench_machine

if [ -n "$memory_limit" ]; then run+=(--memory-limit "$memory_limit"); fi
bench_pairs "$runs"
bench_sql_steps "${run[@]}"
