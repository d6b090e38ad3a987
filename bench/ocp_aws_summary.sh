#!/usr/bin/env bash
# Benchmark of `costagg summarize ocp-aws`: one month of an AWS account (AWS_ROWS daily rows, ~2M by default) and
# the OpenShift cluster running in it (PODS pods a day on NODES nodes, each pod its own daily summary row), so
# that the project table gets ~2M rows. Parquet on local disk -> a throwaway PostgreSQL 15 (or the one in
# COSTAGG_BENCH_PG_URI). bench/ocp_aws_bench_data.inc describes the data.
#
# Steps: generate, init-db, enabled tag keys, `summarize ocp` for the month (setup, timed for information), then
# RUNS timed runs of `summarize ocp-aws` (GNU time: wall, CPU, peak RSS; costagg's --timings and --json), one run
# with --log-level trace for the time of each SQL step, and the limit measured in the same run
# (bench/bench_lib.sh, shared with bench/aws_summary.sh):
#   (a) DuckDB scanning the same parquet columns with a GROUP BY of the same keys (costagg_bench_data scan),
#   (b) PostgreSQL's own binary COPY of the rows costagg wrote into the same Koku tables, in one transaction
#       (delete the range's rows + COPY FROM + commit), after exporting them with COPY TO (FORMAT binary).
# Prints best-of-RUNS costagg wall / (best (a) + best (b)).
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
last=$(date -u -d "$first + $((days - 1)) days" +%F)

schema=org1234567
ocp_source=11111111-2222-4333-8444-555555555555
aws_source=22222222-3333-4444-8555-666666666666
# shellcheck source=bench/bench_lib.sh
source bench/bench_lib.sh
bench_start

t0=$(secs)
$bin/costagg_bench_data ocp-aws "$work/data" "$schema" "$ocp_source" "$aws_source" "$first" "$days" "$nodes" \
  "$pods" "$aws_rows"
echo "generate: $(echo "$(secs) - $t0" | bc) s"
$bin/costagg init-db --schema "$schema" --output "$pg" 2>/dev/null
psql -c "DELETE FROM $schema.reporting_enabledtagkeys WHERE key IN ('app', 'pod_name', 'env');
  INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
  VALUES (gen_random_uuid(), 'app', true, 'OCP'), (gen_random_uuid(), 'pod_name', true, 'OCP'),
         (gen_random_uuid(), 'app', true, 'AWS'), (gen_random_uuid(), 'env', true, 'AWS')"

bench_machine
aws_daily=$(du -sh "$work/data/data/parquet/daily" | cut -f1)
echo "input: $(du -sh "$work/data" | cut -f1) of parquet ($aws_daily AWS daily), $first..$last"
/usr/bin/time -f "summarize ocp (setup): %e s wall, %M KiB peak RSS" $bin/costagg summarize ocp --schema "$schema" \
  --source "$ocp_source" --year 2025 --month 10 --start-date "$first" --end-date "$last" --cluster-id bench \
  --cluster-alias bench --input "$work/data" --output "$pg" --log-level warning
echo "OpenShift daily summary rows: $(psql -c "SELECT data_source, count(*) FROM
  $schema.reporting_ocpusagelineitem_daily_summary GROUP BY 1 ORDER BY 1" | tr '\n' ' ')"

ocp_aws=($bin/costagg summarize ocp-aws --schema "$schema" --ocp-source "$ocp_source" --aws-source "$aws_source"
  --year 2025 --month 10 --start-date "$first" --end-date "$last" --input "$work/data" --output "$pg")
best="" scan_best="" copy_best=""
for i in $(seq 1 "$runs"); do bench_costagg_run "$i" "${ocp_aws[@]}"; done

# One more run at trace level: the time of every SQL step.
bench_sql_steps "${ocp_aws[@]}"

# The limit, (a): DuckDB reading the same columns.
for i in $(seq 1 "$runs"); do
  bench_scan_run "$i" $bin/costagg_bench_data scan "$work/data" "$schema" "$ocp_source" "$aws_source" "$first" \
    "$last"
done

# The limit, (b): PostgreSQL's binary COPY of the same rows into the same tables, one transaction.
tables=(reporting_ocpawscostlineitem_project_daily_summary_p reporting_ocpaws_compute_summary_p
  reporting_ocpaws_cost_summary_by_account_p reporting_ocpaws_cost_summary_by_region_p
  reporting_ocpaws_cost_summary_by_service_p reporting_ocpaws_cost_summary_p reporting_ocpaws_database_summary_p
  reporting_ocpaws_network_summary_p reporting_ocpaws_storage_summary_p)
bench_copy_prepare "source_uuid = '$aws_source' AND usage_start >= '$first' AND usage_start <= '$last'" \
  "${tables[@]}"
for i in $(seq 1 "$runs"); do bench_copy_run "$i"; done
bench_ratio
