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
results=docs/benchmarks/results.csv
ocp_source=11111111-2222-4333-8444-555555555555
aws_source=22222222-3333-4444-8555-666666666666
first=2025-10-01
days=31
last=$(date -u -d "$first + $((days - 1)) days" +%F)
ocp_day=2025-10-15

# matplotlib in a venv of the benchmark's build directory (not committed), made on first use.
plot() {
  local venv=${COSTAGG_BENCH_VENV:-build-bench/venv}
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import matplotlib' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q matplotlib
  fi
  "$venv/bin/python" bench/plot_results.py "$results" docs/benchmarks/results.md docs/benchmarks/scaling.png
}
if [ -n "$plot_only" ]; then plot; exit 0; fi

# shellcheck source=bench/bench_lib.sh
source bench/bench_lib.sh
bench_start
commit=$(git rev-parse --short HEAD)
if [ -n "$(git status --porcelain -- src sql CMakeLists.txt)" ]; then commit+="+uncommitted"; fi
machine="$(nproc) cores $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) $(uname -m)"
[ -f "$results" ] || echo "date,commit,machine,load_before,load_after,mode,scale,input_rows,output_rows,\
wall_s,cpu_s,peak_rss_mib,phases,scan_s,copy_s,limit_s,ratio,runs,cardinalities" >"$results"

# Each mode_<mode> SCALE generates the data under $data, makes the schema and sets: run (the costagg command),
# scan (the limit's DuckDB command), where + tables (the rows of the limit's COPY), cardinalities.
mode_ocp() {
  local pods=$(($1 / 24)) nodes namespaces
  nodes=$((pods / 80 > 2 ? pods / 80 : 2))
  namespaces=$((pods / 40 > 5 ? pods / 40 : 5))
  cardinalities="$pods pods; $nodes nodes; $namespaces namespaces; $((4 * namespaces)) apps"
  $bin/costagg_bench_data "$data" "$schema" "$ocp_source" "$ocp_day" "$pods" "$nodes" "$namespaces" >/dev/null
  $bin/costagg init-db --schema "$schema" --output "$pg" 2>/dev/null
  psql -c "INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
    SELECT gen_random_uuid(), k, true, 'OCP' FROM unnest(array['app', 'pod_name', 'zone', 'cost_center']) k"
  run=($bin/costagg summarize ocp --schema "$schema" --source "$ocp_source" --year 2025 --month 10
    --cluster-id bench --input "$data" --output "$pg")
  scan=($bin/costagg_bench_data ocp-scan "$data" "$schema" "$ocp_source" "$ocp_day")
  where="source_uuid = '$ocp_source' AND usage_start = '$ocp_day'"
  tables=(reporting_ocpusagelineitem_daily_summary)
}

mode_aws() {
  local accounts=$(($1 / 50000 > 4 ? $1 / 50000 : 4))
  local resources
  resources=$($bin/costagg_bench_data aws "$data" "$schema" "$aws_source" "$first" "$days" "$1" "$accounts" |
    sed -E 's/.*\(([0-9]+) resources a day\).*/\1/')
  cardinalities="$accounts accounts; $resources resources a day; $((accounts * 3 / 2)) apps"
  $bin/costagg init-db --schema "$schema" --output "$pg" 2>/dev/null
  psql -c "DELETE FROM $schema.reporting_enabledtagkeys WHERE provider_type = 'AWS';
    INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
    SELECT gen_random_uuid(), k, true, 'AWS' FROM unnest(array['app', 'env', 'team']) k"
  run=($bin/costagg summarize aws --schema "$schema" --source "$aws_source" --year 2025 --month 10 --ec2-compute
    --input "$data" --output "$pg")
  scan=($bin/costagg_bench_data aws-scan "$data" "$schema" "$aws_source" "$first" "$last")
  where="source_uuid = '$aws_source' AND usage_start >= '$first' AND usage_start <= '$last'"
  tables=(reporting_awscostentrylineitem_daily_summary reporting_awscostentrylineitem_summary_by_ec2_compute_p)
}

# The OpenShift side of ocp-aws is summarised first (setup, not timed): ocp-aws reads Koku's OpenShift tables.
mode_ocp-aws() {
  local pods=$(($1 * 28 / 1000)) nodes
  nodes=$((pods / 200 > 3 ? pods / 200 : 3))
  cardinalities="$pods pods a day; $nodes nodes; 350 namespaces; 12 accounts"
  $bin/costagg_bench_data ocp-aws "$data" "$schema" "$ocp_source" "$aws_source" "$first" "$days" "$nodes" \
    "$pods" "$1" >/dev/null
  $bin/costagg init-db --schema "$schema" --output "$pg" 2>/dev/null
  psql -c "DELETE FROM $schema.reporting_enabledtagkeys WHERE key IN ('app', 'pod_name', 'env');
    INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
    VALUES (gen_random_uuid(), 'app', true, 'OCP'), (gen_random_uuid(), 'pod_name', true, 'OCP'),
           (gen_random_uuid(), 'app', true, 'AWS'), (gen_random_uuid(), 'env', true, 'AWS')"
  $bin/costagg summarize ocp --schema "$schema" --source "$ocp_source" --year 2025 --month 10 \
    --start-date "$first" --end-date "$last" --cluster-id bench --cluster-alias bench --input "$data" \
    --output "$pg" --log-level warning
  run=($bin/costagg summarize ocp-aws --schema "$schema" --ocp-source "$ocp_source" --aws-source "$aws_source"
    --year 2025 --month 10 --start-date "$first" --end-date "$last" --input "$data" --output "$pg")
  scan=($bin/costagg_bench_data scan "$data" "$schema" "$ocp_source" "$aws_source" "$first" "$last")
  where="source_uuid = '$aws_source' AND usage_start >= '$first' AND usage_start <= '$last'"
  tables=(reporting_ocpawscostlineitem_project_daily_summary_p reporting_ocpaws_compute_summary_p
    reporting_ocpaws_cost_summary_by_account_p reporting_ocpaws_cost_summary_by_region_p
    reporting_ocpaws_cost_summary_by_service_p reporting_ocpaws_cost_summary_p reporting_ocpaws_database_summary_p
    reporting_ocpaws_network_summary_p reporting_ocpaws_storage_summary_p)
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
    best="" scan_best="" copy_best="" best_run=""
    for i in $(seq 1 "$runs"); do
      previous=$best
      bench_costagg_run "$i" "${run[@]}"
      if [ "$best" != "$previous" ]; then best_run=$i; fi
      if [ "$i" = 1 ]; then bench_copy_prepare "$where" "${tables[@]}"; fi
      bench_scan_run "$i" "${scan[@]}"
      bench_copy_run "$i"
    done
    bench_ratio
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
