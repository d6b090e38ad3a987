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
source_uuid=22222222-3333-4444-8555-666666666666
# shellcheck source=bench/bench_lib.sh
source bench/bench_lib.sh
bench_start

t0=$(secs)
$bin/costagg_bench_data aws "$work/data" "$schema" "$source_uuid" "$first" "$days" "$aws_rows"
echo "generate: $(echo "$(secs) - $t0" | bc) s; input: $(du -sh "$work/data" | cut -f1) of parquet, $first..$last"
$bin/costagg init-db --schema "$schema" --output "$pg" 2>/dev/null
psql -c "DELETE FROM $schema.reporting_enabledtagkeys WHERE provider_type = 'AWS';
  INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
  SELECT gen_random_uuid(), k, true, 'AWS' FROM unnest(array['app', 'env', 'team']) k"
bench_machine

# The whole month, Koku's default window (the data covers its first DAYS days).
summarize=($bin/costagg summarize aws --schema "$schema" --source "$source_uuid" --year 2025 --month 10 --ec2-compute
  --input "$work/data" --output "$pg")
if [ -n "$memory_limit" ]; then summarize+=(--memory-limit "$memory_limit"); fi
best="" scan_best="" copy_best=""
for i in $(seq 1 "$runs"); do
  bench_costagg_run "$i" "${summarize[@]}"
  if [ "$i" = 1 ]; then
    bench_copy_prepare "source_uuid = '$source_uuid' AND usage_start >= '$first' AND usage_start <= '$last'" \
      reporting_awscostentrylineitem_daily_summary reporting_awscostentrylineitem_summary_by_ec2_compute_p
  fi
  bench_scan_run "$i" $bin/costagg_bench_data aws-scan "$work/data" "$schema" "$source_uuid" "$first" "$last"
  bench_copy_run "$i"
done
bench_ratio
bench_sql_steps "${summarize[@]}"
