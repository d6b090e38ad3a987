#!/usr/bin/env bash
# Benchmark of `costagg summarize ocp-aws`: one month of an AWS account (AWS_ROWS daily rows, ~2M by default) and
# the OpenShift cluster running in it (PODS pods a day on NODES nodes, each pod its own daily summary row), so
# that the project table gets ~2M rows. Parquet on local disk -> a throwaway PostgreSQL 15 (or the one in
# COSTAGG_BENCH_PG_URI). bench/ocp_aws_bench_data.inc describes the data.
#
# Steps: generate, init-db, enabled tag keys, `summarize ocp` for the month (setup, timed for information), then
# RUNS timed runs of `summarize ocp-aws` (GNU time: wall, CPU, peak RSS; costagg's --timings and --json), one run
# with --log-level debug for the time of each SQL step, and the limit measured in the same run:
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

scripts/setup.sh --build >/dev/null
# shellcheck disable=SC1091
source "${COSTAGG_CACHE:-$HOME/.cache/costagg}/env.sh"
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOSTAGG_DUCKDB_ROOT="$COSTAGG_DUCKDB_ROOT" >/dev/null
ninja -C build-bench costagg costagg_bench_data >/dev/null
bin=build-bench

work=$(mktemp -d)
keep=${COSTAGG_BENCH_KEEP:-}
cleanup() {
  [ -n "${COSTAGG_BENCH_PG_URI:-}" ] || COSTAGG_MINIO_BIN="" tests/support/test_servers.sh stop "$work/servers"
  if [ -z "$keep" ]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT
schema=org1234567
ocp_source=11111111-2222-4333-8444-555555555555
aws_source=22222222-3333-4444-8555-666666666666
if [ -n "${COSTAGG_BENCH_PG_URI:-}" ]; then
  pg=$COSTAGG_BENCH_PG_URI
else
  COSTAGG_MINIO_BIN="" tests/support/test_servers.sh start "$work/servers" 2>/dev/null
  # shellcheck disable=SC1091
  source "$work/servers/env"
  pg=$COSTAGG_TEST_PG_URI
fi
psql() { command psql "$pg" -qXAt -v ON_ERROR_STOP=1 "$@"; }
secs() { date +%s.%N; }

t0=$(secs)
$bin/costagg_bench_data ocp-aws "$work/data" "$schema" "$ocp_source" "$aws_source" "$first" "$days" "$nodes" \
  "$pods" "$aws_rows"
echo "generate: $(echo "$(secs) - $t0" | bc) s"
$bin/costagg init-db --schema "$schema" --output "$pg" 2>/dev/null
psql -c "DELETE FROM $schema.reporting_enabledtagkeys WHERE key IN ('app', 'pod_name', 'env');
  INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
  VALUES (gen_random_uuid(), 'app', true, 'OCP'), (gen_random_uuid(), 'pod_name', true, 'OCP'),
         (gen_random_uuid(), 'app', true, 'AWS'), (gen_random_uuid(), 'env', true, 'AWS')"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m);" \
  "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
aws_daily=$(du -sh "$work/data/data/parquet/daily" | cut -f1)
echo "input: $(du -sh "$work/data" | cut -f1) of parquet ($aws_daily AWS daily), $first..$last"
/usr/bin/time -f "summarize ocp (setup): %e s wall, %M KiB peak RSS" $bin/costagg summarize ocp --schema "$schema" \
  --source "$ocp_source" --year 2025 --month 10 --start-date "$first" --end-date "$last" --cluster-id bench \
  --cluster-alias bench --input "$work/data" --output "$pg" --log-level warning
echo "OpenShift daily summary rows: $(psql -c "SELECT data_source, count(*) FROM
  $schema.reporting_ocpusagelineitem_daily_summary GROUP BY 1 ORDER BY 1" | tr '\n' ' ')"

ocp_aws=($bin/costagg summarize ocp-aws --schema "$schema" --ocp-source "$ocp_source" --aws-source "$aws_source"
  --year 2025 --month 10 --start-date "$first" --end-date "$last" --input "$work/data" --output "$pg")
best=""
for i in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e %U %S %M" -o "$work/time$i" "${ocp_aws[@]}" --timings --json --log-level warning \
    >"$work/run$i.json" 2>"$work/run$i.err"
  read -r wall user sys rss <"$work/time$i"
  echo "run $i: $wall s wall, $(echo "$user + $sys" | bc) s CPU, $((rss / 1024)) MiB peak RSS; $(cat "$work/run$i.json")"
  grep -v '^costagg: info' "$work/run$i.err" || true
  if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc)" = 1 ]; then best=$wall; fi
done
echo "input rows: $(grep -o '"input":{"rows":[0-9]*' "$work/run1.json" | grep -o '[0-9]*$')"

# One more run at debug level: the time of every SQL step.
"${ocp_aws[@]}" --log-level debug 2>"$work/debug.err" >/dev/null
echo "SQL steps (seconds summed over the chunks):"
grep -o 'sql/[^ ]* took [0-9.]*' "$work/debug.err" |
  awk '{t[$1] += $3} END {for (s in t) printf "  %-32s %8.3f\n", s, t[s]}' | sort

# The limit, (a): DuckDB reading the same columns.
scan_best=""
for i in $(seq 1 "$runs"); do
  out=$(/usr/bin/time -f "%M" -o "$work/scan_time" $bin/costagg_bench_data scan "$work/data" "$schema" \
    "$ocp_source" "$aws_source" "$first" "$last")
  s=$(echo "$out" | awk '{print $2}')
  echo "limit (a) run $i: $out, $(($(cat "$work/scan_time") / 1024)) MiB peak RSS"
  if [ -z "$scan_best" ] || [ "$(echo "$s < $scan_best" | bc)" = 1 ]; then scan_best=$s; fi
done

# The limit, (b): PostgreSQL's binary COPY of the same rows into the same tables, one transaction.
tables=(reporting_ocpawscostlineitem_project_daily_summary_p reporting_ocpaws_compute_summary_p
  reporting_ocpaws_cost_summary_by_account_p reporting_ocpaws_cost_summary_by_region_p
  reporting_ocpaws_cost_summary_by_service_p reporting_ocpaws_cost_summary_p reporting_ocpaws_database_summary_p
  reporting_ocpaws_network_summary_p reporting_ocpaws_storage_summary_p)
where="source_uuid = '$aws_source' AND usage_start >= '$first' AND usage_start <= '$last'"
: >"$work/copy.sql"
echo "BEGIN;" >>"$work/copy.sql"
total=0
for t in "${tables[@]}"; do
  psql -c "\\copy (SELECT * FROM $schema.$t WHERE $where) TO '$work/$t.bin' WITH (FORMAT binary)"
  n=$(psql -c "SELECT count(*) FROM $schema.$t WHERE $where")
  total=$((total + n))
  echo "  $t: $n rows"
  {
    echo "DELETE FROM $schema.$t WHERE $where;"
    echo "\\copy $schema.$t FROM '$work/$t.bin' WITH (FORMAT binary)"
  } >>"$work/copy.sql"
done
echo "COMMIT;" >>"$work/copy.sql"
echo "output rows: $total"
copy_best=""
for i in $(seq 1 "$runs"); do
  t0=$(secs)
  psql -f "$work/copy.sql"
  s=$(echo "$(secs) - $t0" | bc)
  echo "limit (b) run $i: $s s (delete + binary COPY FROM + commit)"
  if [ -z "$copy_best" ] || [ "$(echo "$s < $copy_best" | bc)" = 1 ]; then copy_best=$s; fi
done
limit=$(echo "$scan_best + $copy_best" | bc)
echo "best: costagg $best s; limit $limit s = scan $scan_best s + COPY $copy_best s; ratio" \
  "$(echo "scale=2; $best / $limit" | bc)x (target 1.5x); load after: $(cut -d' ' -f1-3 /proc/loadavg)"
