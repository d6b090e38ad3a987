#!/usr/bin/env bash
# Benchmark of `costagg summarize ocp` over a month, the 100M-row size of issue 10: DAYS days (default 31) of
# PODS pods a day (default 134,409: 31 x 134,409 x 24 = 100,000,296 hourly pod rows, a large cluster's month) on
# NODES nodes in NAMESPACES namespaces, the same generator as bench/ocp_summary.sh one day at a time. RUNS pairs
# of a timed run of the whole month (GNU time: wall, CPU, peak RSS; --timings --json) and the limit: (a)
# costagg_bench_data ocp-scan of every day, summed, (b) PostgreSQL's own binary COPY of the month's rows in one
# transaction. Needs about 12 GB of free disk for PostgreSQL at the default size.
#   bench/ocp_month.sh [PODS] [NODES] [DAYS] [RUNS] [NAMESPACES]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pods=${1:-134409}
nodes=${2:-1680}
days=${3:-31}
runs=${4:-1}
namespaces=${5:-3360}
schema=org1234567
# shellcheck source=bench/bench_lib.sh
source bench/bench_lib.sh
# shellcheck source=bench/bench_modes.sh
source bench/bench_modes.sh
bench_start

data=$work/data
first=2025-10-01
last=$(date -u -d "$first + $((days - 1)) days" +%F)
day_list=()
for i in $(seq 0 $((days - 1))); do
  day_list+=("$(date -u -d "$first + $i days" +%F)")
  $bin/costagg_bench_data "$data" "$schema" "$bench_ocp_source" "${day_list[-1]}" "$pods" "$nodes" \
    "$namespaces" >/dev/null
done
$bin/costagg init-db --schema "$schema" --output "$pg" 2>/dev/null
psql -c "INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
  SELECT gen_random_uuid(), k, true, 'OCP' FROM unnest(array['app', 'pod_name', 'zone', 'cost_center']) k"
bench_machine
echo "input: $(du -sh "$data" | cut -f1) of parquet, $((pods * 24 * days)) hourly pod rows, $days days of $pods" \
  "pods on $nodes nodes"
where="source_uuid = '$bench_ocp_source' AND usage_start >= '$first' AND usage_start <= '$last'"
tables=(reporting_ocpusagelineitem_daily_summary)
best="" scan_best="" copy_best=""
for i in $(seq 1 "$runs"); do
  bench_clear "$where" "${tables[@]}"
  bench_costagg_run "$i" $bin/costagg summarize ocp --schema "$schema" --source "$bench_ocp_source" --year 2025 \
    --month 10 --start-date "$first" --end-date "$last" --cluster-id bench --input "$data" --output "$pg"
  if [ "$i" = 1 ]; then bench_copy_prepare "$where" "${tables[@]}"; fi
  scan=0
  for day in "${day_list[@]}"; do
    s=$($bin/costagg_bench_data ocp-scan "$data" "$schema" "$bench_ocp_source" "$day" | awk '{print $2}')
    scan=$(echo "$scan + $s" | bc)
  done
  echo "limit (a) run $i: scan of $days days: $scan s"
  keep_min scan_best "$scan"
  bench_clear "$where" "${tables[@]}"
  bench_copy_run "$i"
done
bench_ratio
