#!/usr/bin/env bash
# Benchmark of `costagg summarize ocp`: PODS pods x 24 hourly rows for one day (2,000,016 input pod rows by
# default, the size the POC measured at 283 s and 10 GB), parquet on local disk -> a throwaway PostgreSQL 15.
# Enabled tag keys app, pod_name, zone and cost_center make every pod its own summary row (~83k Pod rows).
# Prints wall time and peak RSS (GNU time) of RUNS runs, plus costagg's own phase timings.
#   bench/ocp_summary.sh [PODS] [NODES] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pods=${1:-83334}
nodes=${2:-100}
runs=${3:-3}

scripts/setup.sh --build >/dev/null
# shellcheck disable=SC1091
source "${COSTAGG_CACHE:-$HOME/.cache/costagg}/env.sh"
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOSTAGG_DUCKDB_ROOT="$COSTAGG_DUCKDB_ROOT" >/dev/null
ninja -C build-bench costagg costagg_bench_data >/dev/null

work=$(mktemp -d)
trap 'COSTAGG_MINIO_BIN="" tests/support/test_servers.sh stop "$work/servers"; rm -rf "$work"' EXIT
schema=org1234567
source_uuid=11111111-2222-4333-8444-555555555555
build-bench/costagg_bench_data "$work/data" "$schema" "$source_uuid" 2025-10-15 "$pods" "$nodes"
COSTAGG_MINIO_BIN="" tests/support/test_servers.sh start "$work/servers" 2>/dev/null
# shellcheck disable=SC1091
source "$work/servers/env"
build-bench/costagg init-db --schema "$schema" --output "$COSTAGG_TEST_PG_URI" 2>/dev/null
psql "$COSTAGG_TEST_PG_URI" -qX -c "INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
  SELECT gen_random_uuid(), k, true, 'OCP' FROM unnest(array['app', 'pod_name', 'zone', 'cost_center']) k"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo "input: $(du -sh "$work/data" | cut -f1) of parquet, $((pods * 24)) hourly pod rows, $nodes nodes"
for i in $(seq 1 "$runs"); do
  /usr/bin/time -f "run $i: %e s wall, %M KiB peak RSS" build-bench/costagg summarize ocp --schema "$schema" \
    --source "$source_uuid" --year 2025 --month 10 --cluster-id bench --input "$work/data" \
    --output "$COSTAGG_TEST_PG_URI" --timings --log-level warning
done
