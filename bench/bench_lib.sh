# Shared by the end-to-end benchmarks (bench/ocp_aws_summary.sh, bench/aws_summary.sh); sourced, not run.
# bench_start builds the Release binaries and starts a throwaway PostgreSQL 15 (or uses COSTAGG_BENCH_PG_URI);
# the other functions time costagg and the two halves of the limit the issues define: (a) DuckDB scanning the
# same parquet columns, (b) PostgreSQL's own binary COPY of the rows costagg wrote, in one transaction.
# Results are left in variables: best (costagg), scan_best (a), copy_best (b), output_rows.

secs() { date +%s.%N; }
# Sets the variable named $1 to $2 when it is empty or $2 is smaller.
keep_min() { if [ -z "${!1}" ] || [ "$(echo "$2 < ${!1}" | bc)" = 1 ]; then printf -v "$1" '%s' "$2"; fi; }
psql() { command psql "$pg" -qXAt -v ON_ERROR_STOP=1 "$@"; }

# Builds costagg and costagg_bench_data (build-bench, Release), makes $work, starts PostgreSQL; sets bin, work, pg.
bench_start() {
  scripts/setup.sh --build >/dev/null
  # shellcheck disable=SC1091
  source "${COSTAGG_CACHE:-$HOME/.cache/costagg}/env.sh"
  cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOSTAGG_DUCKDB_ROOT="$COSTAGG_DUCKDB_ROOT" \
    >/dev/null
  ninja -C build-bench costagg costagg_bench_data >/dev/null
  bin=build-bench
  work=$(mktemp -d)
  trap bench_cleanup EXIT
  if [ -n "${COSTAGG_BENCH_PG_URI:-}" ]; then
    pg=$COSTAGG_BENCH_PG_URI
  else
    COSTAGG_MINIO_BIN="" tests/support/test_servers.sh start "$work/servers" 2>/dev/null
    # shellcheck disable=SC1091
    source "$work/servers/env"
    pg=$COSTAGG_TEST_PG_URI
  fi
}

bench_cleanup() {
  [ -n "${COSTAGG_BENCH_PG_URI:-}" ] || COSTAGG_MINIO_BIN="" tests/support/test_servers.sh stop "$work/servers"
  if [ -z "${COSTAGG_BENCH_KEEP:-}" ]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}

bench_machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
    "$(uname -m); load: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Run $1 of costagg (the command after it) with GNU time (wall, CPU, peak RSS), --timings and --json; keeps the
# smallest wall in best. Files: $work/run$1.json, .err.
bench_costagg_run() {
  local i=$1
  shift
  local status=0
  /usr/bin/time -f "%e %U %S %M" -o "$work/time$i" "$@" --timings --json --log-level warning \
    >"$work/run$i.json" 2>"$work/run$i.err" || status=$?
  if [ "$status" != 0 ]; then
    echo "costagg run $i failed (exit $status): $(cat "$work/run$i.json")" >&2
    cat "$work/run$i.err" "$work/time$i" >&2
    return "$status"
  fi
  local wall user sys rss
  read -r wall user sys rss <"$work/time$i"
  echo "costagg run $i: $wall s wall, $(echo "$user + $sys" | bc) s CPU, $((rss / 1024)) MiB peak RSS;" \
    "$(jq -c 'del(.files)' "$work/run$i.json" 2>/dev/null || cat "$work/run$i.json")"
  grep -v '^costagg: info' "$work/run$i.err" || true
  echo "input rows: $(grep -o '"input":{"rows":[0-9]*' "$work/run$i.json" | grep -o '[0-9]*$')"
  keep_min best "$wall"
}

# One run of the command at trace level: the seconds of every phase, SQL step and statement, and of every COPY
# (its query's compute included, as the rows stream into it), summed over the chunks.
bench_sql_steps() {
  "$@" --log-level trace 2>"$work/trace.err" >/dev/null
  echo "steps at trace level (seconds, summed over the chunks):"
  sed -nE -e 's#^costagg: debug: (COPY into [^:]*): [0-9]+ rows in ([0-9.]+) s$#\1\t\2#p' \
    -e 's#^costagg: (trace|debug): (.*) took ([0-9.]+) s$#\2\t\3#p' "$work/trace.err" |
    sed -E 's#read /[^ ]*#read parquet#' |
    awk -F'\t' '{if (!($1 in t)) o[n++] = $1; t[$1] += $2}
      END {for (i = 0; i < n; i++) printf "  %-72s %8.3f\n", o[i], t[o[i]]}'
}

# Limit (a), run $1: the scan command after it (costagg_bench_data prints "scan: SECONDS s ..."); keeps scan_best.
bench_scan_run() {
  local i=$1 out s
  shift
  out=$(/usr/bin/time -f "%M" -o "$work/scan_time" "$@")
  s=$(echo "$out" | awk '{print $2}')
  echo "limit (a) run $i: $out, $(($(cat "$work/scan_time") / 1024)) MiB peak RSS"
  keep_min scan_best "$s"
}

# Limit (b), preparation: exports the rows of each table ($2...) of schema $schema matching the condition $1 with
# COPY TO (FORMAT binary) and writes $work/copy.sql (begin, per table delete + COPY FROM, commit); sets
# output_rows.
bench_copy_prepare() {
  local where=$1 t n
  shift
  output_rows=0
  echo "BEGIN;" >"$work/copy.sql"
  for t in "$@"; do
    psql -c "\\copy (SELECT * FROM $schema.$t WHERE $where) TO '$work/$t.bin' WITH (FORMAT binary)"
    n=$(psql -c "SELECT count(*) FROM $schema.$t WHERE $where")
    output_rows=$((output_rows + n))
    echo "  $t: $n rows"
    {
      echo "DELETE FROM $schema.$t WHERE $where;"
      echo "\\copy $schema.$t FROM '$work/$t.bin' WITH (FORMAT binary)"
    } >>"$work/copy.sql"
  done
  echo "COMMIT;" >>"$work/copy.sql"
  echo "output rows: $output_rows"
}

# Untimed, before every timed write (costagg's run and limit (b)): deletes the rows of each table ($2...) of
# schema $schema matching the condition $1 and vacuums the table, so that both write into the same state, the
# range empty, instead of costagg's first run into an empty table and the limit after a delete of its rows.
bench_clear() {
  local where=$1 t
  shift
  for t in "$@"; do
    psql -c "DELETE FROM $schema.$t WHERE $where"
    psql -c "VACUUM $schema.$t"
  done
}

# Limit (b), run $1: $work/copy.sql timed with psql; keeps copy_best.
bench_copy_run() {
  local t0 s
  t0=$(secs)
  psql -f "$work/copy.sql"
  s=$(echo "$(secs) - $t0" | bc)
  echo "limit (b) run $1: $s s (delete + binary COPY FROM + commit)"
  keep_min copy_best "$s"
}

bench_ratio() {
  local limit
  limit=$(echo "$scan_best + $copy_best" | bc)
  echo "best: costagg $best s; limit $limit s = scan $scan_best s + COPY $copy_best s; ratio" \
    "$(echo "scale=2; $best / $limit" | bc)x (target 1.5x); load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}
