# The data and setup of each mode's benchmark, shared by bench/scaling.sh and the per-mode scripts
# (bench/ocp_summary.sh, bench/aws_summary.sh, bench/ocp_aws_summary.sh); sourced after bench/bench_lib.sh and
# bench_start. Each bench_setup_<mode> writes the mode's parquet under $data (costagg_bench_data), runs init-db
# for $schema, enables the mode's tag keys, and sets:
#   run    the costagg command of the benchmark (an array; bench_costagg_run adds --timings --json),
#   scan   the limit's DuckDB half (an array: costagg_bench_data *scan),
#   where, tables   the rows of the limit's PostgreSQL half (bench_copy_prepare "$where" "${tables[@]}"),
#   generated   what costagg_bench_data says it wrote (also printed).
# Uses bin, pg, schema, data from the caller.

bench_ocp_source=11111111-2222-4333-8444-555555555555
bench_aws_source=22222222-3333-4444-8555-666666666666
bench_ocp_day=2025-10-15

# One day (bench_ocp_day) of PODS pods x 24 hourly rows on NODES nodes in NAMESPACES namespaces; enabled tag
# keys app, pod_name, zone and cost_center make every pod its own summary row.
bench_setup_ocp() {
  local pods=$1 nodes=$2 namespaces=$3
  generated=$($bin/costagg_bench_data "$data" "$schema" "$bench_ocp_source" "$bench_ocp_day" "$pods" "$nodes" \
    "$namespaces")
  echo "$generated"
  $bin/costagg init-db --schema "$schema" --output "$pg" 2>/dev/null
  psql -c "INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
    SELECT gen_random_uuid(), k, true, 'OCP' FROM unnest(array['app', 'pod_name', 'zone', 'cost_center']) k"
  run=($bin/costagg summarize ocp --schema "$schema" --source "$bench_ocp_source" --year 2025 --month 10
    --cluster-id bench --input "$data" --output "$pg")
  scan=($bin/costagg_bench_data ocp-scan "$data" "$schema" "$bench_ocp_source" "$bench_ocp_day")
  where="source_uuid = '$bench_ocp_source' AND usage_start = '$bench_ocp_day'"
  tables=(reporting_ocpusagelineitem_daily_summary)
}

# AWS_ROWS daily line items over DAYS days from FIRST of an organisation with ACCOUNTS usage accounts (the whole
# month summarised, Koku's default window); enabled tag keys app, env and team.
bench_setup_aws() {
  local aws_rows=$1 first=$2 days=$3 accounts=$4 last
  last=$(date -u -d "$first + $((days - 1)) days" +%F)
  generated=$($bin/costagg_bench_data aws "$data" "$schema" "$bench_aws_source" "$first" "$days" "$aws_rows" \
    "$accounts")
  echo "$generated"
  $bin/costagg init-db --schema "$schema" --output "$pg" 2>/dev/null
  psql -c "DELETE FROM $schema.reporting_enabledtagkeys WHERE provider_type = 'AWS';
    INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
    SELECT gen_random_uuid(), k, true, 'AWS' FROM unnest(array['app', 'env', 'team']) k"
  run=($bin/costagg summarize aws --schema "$schema" --source "$bench_aws_source" --year 2025 --month 10
    --ec2-compute --input "$data" --output "$pg")
  scan=($bin/costagg_bench_data aws-scan "$data" "$schema" "$bench_aws_source" "$first" "$last")
  where="source_uuid = '$bench_aws_source' AND usage_start >= '$first' AND usage_start <= '$last'"
  tables=(reporting_awscostentrylineitem_daily_summary reporting_awscostentrylineitem_summary_by_ec2_compute_p)
}

# AWS_ROWS daily rows of an AWS account over DAYS days from FIRST and the cluster in it (PODS pods a day on NODES
# nodes); enabled tag keys app and pod_name (OpenShift), app and env (AWS). The OpenShift side is summarised here
# (setup, timed for information only): summarize ocp-aws reads Koku's OpenShift tables.
bench_setup_ocp_aws() {
  local aws_rows=$1 pods=$2 nodes=$3 first=$4 days=$5 last
  last=$(date -u -d "$first + $((days - 1)) days" +%F)
  generated=$($bin/costagg_bench_data ocp-aws "$data" "$schema" "$bench_ocp_source" "$bench_aws_source" "$first" \
    "$days" "$nodes" "$pods" "$aws_rows")
  echo "$generated"
  $bin/costagg init-db --schema "$schema" --output "$pg" 2>/dev/null
  psql -c "DELETE FROM $schema.reporting_enabledtagkeys WHERE key IN ('app', 'pod_name', 'env');
    INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
    VALUES (gen_random_uuid(), 'app', true, 'OCP'), (gen_random_uuid(), 'pod_name', true, 'OCP'),
           (gen_random_uuid(), 'app', true, 'AWS'), (gen_random_uuid(), 'env', true, 'AWS')"
  /usr/bin/time -f "summarize ocp (setup): %e s wall, %M KiB peak RSS" $bin/costagg summarize ocp \
    --schema "$schema" --source "$bench_ocp_source" --year 2025 --month 10 --start-date "$first" \
    --end-date "$last" --cluster-id bench --cluster-alias bench --input "$data" --output "$pg" --log-level warning
  run=($bin/costagg summarize ocp-aws --schema "$schema" --ocp-source "$bench_ocp_source" --aws-source
    "$bench_aws_source" --year 2025 --month 10 --start-date "$first" --end-date "$last" --input "$data"
    --output "$pg")
  scan=($bin/costagg_bench_data scan "$data" "$schema" "$bench_ocp_source" "$bench_aws_source" "$first" "$last")
  where="source_uuid = '$bench_aws_source' AND usage_start >= '$first' AND usage_start <= '$last'"
  tables=(reporting_ocpawscostlineitem_project_daily_summary_p reporting_ocpaws_compute_summary_p
    reporting_ocpaws_cost_summary_by_account_p reporting_ocpaws_cost_summary_by_region_p
    reporting_ocpaws_cost_summary_by_service_p reporting_ocpaws_cost_summary_p reporting_ocpaws_database_summary_p
    reporting_ocpaws_network_summary_p reporting_ocpaws_storage_summary_p)
}

# RUNS pairs of the benchmark set up above, back to back: costagg (timed), then the limit's two halves, each write
# into the range emptied and vacuumed before it (bench_clear, untimed); prints the ratio of the best of each. Sets best, best_run, scan_best, copy_best, output_rows.
bench_pairs() {
  local runs=$1 i previous
  best="" scan_best="" copy_best="" best_run=""
  for i in $(seq 1 "$runs"); do
    previous=$best
    bench_clear "$where" "${tables[@]}"
    bench_costagg_run "$i" "${run[@]}"
    if [ "$best" != "$previous" ]; then best_run=$i; fi
    if [ "$i" = 1 ]; then bench_copy_prepare "$where" "${tables[@]}"; fi
    bench_scan_run "$i" "${scan[@]}"
    bench_clear "$where" "${tables[@]}"
    bench_copy_run "$i"
  done
  bench_ratio
}
