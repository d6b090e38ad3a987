#!/usr/bin/env bash
# The main job on sample data, from a fresh machine: koku-nise generates two days of a small OpenShift cluster
# (examples/ocp_small.yml) and of the AWS account it runs on (examples/aws_small.yml), costagg ingests the CSV
# into Koku's parquet layout, creates Koku's tables in a throwaway local PostgreSQL, summarises the cluster and the
# AWS account (daily summary and EC2 compute summary), shares the AWS cost out to the cluster (OCP-on-AWS), and
# prints what it wrote. Everything lands under ./demo-run/.
#   scripts/demo.sh            (PostgreSQL; falls back to the embedded DuckDB output if it cannot start)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Only what the demo needs (no test libraries, no MinIO); scripts/test.sh installs the rest when it runs. On a fresh
# machine the packages and the compile are most of the time (docs/benchmarks/demo.md): the build starts as soon as
# setup.sh says it can, and compiles while setup.sh installs koku-nise and the PostgreSQL server.
mkdir -p build-demo
ready=$root/build-demo/.setup-ready
rm -f "$ready"
COSTAGG_SETUP_BUILD_READY=$ready scripts/setup.sh --demo &
setup_pid=$!
build_pid=""
trap 'kill $setup_pid $build_pid 2>/dev/null || true' EXIT
while [ ! -e "$ready" ] && kill -0 "$setup_pid" 2>/dev/null; do sleep 0.2; done
if [ ! -e "$ready" ]; then wait "$setup_pid"; setup_pid=""; fi   # set-up failed (exits here) or had nothing to do
# shellcheck disable=SC1091
source "${COSTAGG_CACHE:-$HOME/.cache/costagg}/env.sh"

echo "== build costagg (in the background)"
# Its own build directory, without the tests: a first build compiles only costagg. Unoptimised and without debug
# information it compiles in under half the CPU time of RelWithDebInfo (docs/benchmarks/demo.md); the demo's data
# is small and DuckDB (prebuilt, optimised) does the heavy work. For real data use an optimised build (README).
cmake -S . -B build-demo -G Ninja -DCMAKE_BUILD_TYPE=Demo -DCMAKE_CXX_FLAGS_DEMO="-O0 -DNDEBUG" \
  -DCMAKE_C_FLAGS_DEMO="-O0 -DNDEBUG" -DCOSTAGG_BUILD_TESTS=OFF -DCOSTAGG_DUCKDB_ROOT="$COSTAGG_DUCKDB_ROOT" >/dev/null
ninja -C build-demo costagg > build-demo/demo-build.log 2>&1 &
build_pid=$!
costagg=$root/build-demo/costagg

if [ -n "$setup_pid" ]; then wait "$setup_pid"; setup_pid=""; fi

run=$root/demo-run
schema=org1234567
source_uuid=6e2b3c4d-5f60-4a7b-8c9d-0e1f2a3b4c5d
aws_source_uuid=7a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d
start=2025-10-01
end=2025-10-03   # nise's end is exclusive for whole days: two days of data
rm -rf "$run/nise" "$run/aws" "$run/parquet"
mkdir -p "$run/nise" "$run/aws"

echo "== generate OpenShift usage with koku-nise (cluster demo-cluster, $start .. 2025-10-02)"
sed -e "s/{{start_date}}/$start/; s/{{end_date}}/$end/" examples/ocp_small.yml > "$run/ocp_small.yml"
(cd "$run" && "$COSTAGG_VENV/bin/nise" report ocp --static-report-file ocp_small.yml \
  --ocp-cluster-id demo-cluster --start-date "$start" --end-date "$end" --insights-upload nise >/dev/null)

echo "== generate the AWS cost and usage report with koku-nise (EC2, EBS, data transfer, S3)"
sed -e "s/{{start_date}}/$start/; s/{{end_date}}/$end/" examples/aws_small.yml > "$run/aws_small.yml"
(cd "$run/aws" && "$COSTAGG_VENV/bin/nise" report aws --static-report-file ../aws_small.yml \
  --start-date "$start" --end-date "$end" --write-monthly >/dev/null)

echo "== throwaway PostgreSQL"
output=""
if COSTAGG_MINIO_BIN="" tests/support/test_servers.sh start "$run/servers" 2>/dev/null; then
  # shellcheck disable=SC1091
  source "$run/servers/env"
  output=$COSTAGG_TEST_PG_URI
else
  echo "PostgreSQL could not start here: using the embedded output $run/demo.duckdb"
  output="duckdb:$run/demo.duckdb"
fi

echo "== wait for the build of costagg"
wait "$build_pid" || { cat build-demo/demo-build.log; exit 1; }
trap - EXIT

echo "== costagg ingest ocp -> $run/parquet"
"$costagg" ingest ocp --from "$run/nise" --to "$run/parquet" --schema "$schema" --source "$source_uuid"

echo "== costagg ingest aws -> $run/parquet"
"$costagg" ingest aws --from "$run/aws" --to "$run/parquet" --schema "$schema" --source "$aws_source_uuid"

echo "== costagg init-db --output $output"
"$costagg" init-db --schema "$schema" --output "$output"

if [[ $output == postgresql://* ]]; then
  echo "== enable the tag keys app and environment (as a Koku user would in the UI)"
  psql "$output" -X -q -c "INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
    SELECT gen_random_uuid(), k, true, t FROM unnest(array['app', 'environment']) AS k,
      unnest(array['OCP', 'AWS']) AS t
    ON CONFLICT (key, provider_type) DO UPDATE SET enabled = true"
fi

echo "== costagg summarize ocp"
"$costagg" summarize ocp --schema "$schema" --source "$source_uuid" --year 2025 --month 10 \
  --cluster-id demo-cluster --cluster-alias "Demo cluster" --input "$run/parquet" --output "$output" --timings

echo "== costagg summarize aws --ec2-compute (the AWS account's daily summary and EC2 instances)"
"$costagg" summarize aws --schema "$schema" --source "$aws_source_uuid" --year 2025 --month 10 --ec2-compute \
  --input "$run/parquet" --output "$output" --timings

echo "== costagg summarize ocp-aws (the AWS cost shared out to the cluster)"
"$costagg" summarize ocp-aws --schema "$schema" --ocp-source "$source_uuid" --aws-source "$aws_source_uuid" \
  --year 2025 --month 10 --input "$run/parquet" --output "$output" --timings

echo "== what was written"
echo "parquet objects under $run/parquet, by dataset:"
find "$run/parquet" -name '*.parquet' |
  sed -E 's|.*/data/parquet/(daily/)?[^/]+/OCP/([^/]+)/.*|  OCP \2 \1|; s|.*/data/parquet/(daily/)?[^/]+/AWS/.*|  AWS \1|' |
  sort | uniq -c
if [[ $output == postgresql://* ]]; then
  psql "$output" -X -q -c "SELECT data_source, usage_start, namespace, node, pod_labels, volume_labels,
      round(pod_usage_cpu_core_hours, 3) AS cpu_core_hours, round(pod_request_memory_gigabyte_hours, 3) AS mem_req_gib_hours,
      round(persistentvolumeclaim_usage_gigabyte_months, 6) AS pvc_usage_gib_months
    FROM $schema.reporting_ocpusagelineitem_daily_summary ORDER BY usage_start, data_source, namespace, node"
  echo "AWS cost shared out to the cluster, summed over the days (reporting_ocpawscostlineitem_project_daily_summary_p;"
  echo "nise draws a region per hourly line item, so the table itself holds a row per region):"
  psql "$output" -X -q -c "SELECT namespace, node, resource_id, product_family, data_transfer_direction AS dir,
      count(*) AS rows, round(sum(unblended_cost), 6) AS unblended_cost, tags
    FROM $schema.reporting_ocpawscostlineitem_project_daily_summary_p
    GROUP BY namespace, node, resource_id, product_family, data_transfer_direction, tags
    ORDER BY namespace, node, resource_id"
  echo "per day (reporting_ocpaws_cost_summary_p):"
  psql "$output" -X -q -c "SELECT usage_start, cluster_id, round(unblended_cost, 6) AS unblended_cost,
      round(calculated_amortized_cost, 6) AS amortized_cost FROM $schema.reporting_ocpaws_cost_summary_p
    ORDER BY usage_start"
  echo "AWS cost per service (reporting_awscostentrylineitem_daily_summary, summed over the days):"
  psql "$output" -X -q -c "SELECT product_code, product_family, count(*) AS rows,
      round(sum(usage_amount), 3) AS usage_amount, round(sum(unblended_cost), 6) AS unblended_cost,
      round(sum(calculated_amortized_cost), 6) AS amortized_cost
    FROM $schema.reporting_awscostentrylineitem_daily_summary
    GROUP BY product_code, product_family ORDER BY product_code, product_family"
  echo "AWS cost per day:"
  psql "$output" -X -q -c "SELECT usage_start, round(sum(unblended_cost), 6) AS unblended_cost,
      round(sum(calculated_amortized_cost), 6) AS amortized_cost
    FROM $schema.reporting_awscostentrylineitem_daily_summary GROUP BY usage_start ORDER BY usage_start"
  echo "EC2 instances of the month (reporting_awscostentrylineitem_summary_by_ec2_compute_p):"
  psql "$output" -X -q -c "SELECT resource_id, instance_type, vcpu, memory, operating_system, region,
      usage_start, usage_end, round(usage_amount, 1) AS hours, round(unblended_cost, 6) AS unblended_cost, tags
    FROM $schema.reporting_awscostentrylineitem_summary_by_ec2_compute_p ORDER BY resource_id"
  echo "PostgreSQL keeps running for you to look: psql '$output'"
  echo "stop it with: tests/support/test_servers.sh stop $run/servers"
fi
