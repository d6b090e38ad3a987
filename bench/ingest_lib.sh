# Shared by the ingest benchmarks (bench/ingest_ocp.sh, bench/ingest_aws.sh); sourced, not run. ingest_start builds
# the Release binary and makes $work with a venv that has DuckDB 1.4.4 (python); the caller writes the CSV under
# $work/in; ingest_measure KIND RUNS times RUNS pairs back to back, costagg ingest KIND (GNU time: wall, CPU, peak
# RSS) then the limit, DuckDB's plain CSV -> parquet of the same files (one `COPY (SELECT * FROM read_csv(file))
# TO 'N.parquet'` per file, sniffed types), prints best costagg wall / best DuckDB wall, then the time of each
# statement of one run at trace level.

# shellcheck source=bench/bench_lib.sh
source bench/bench_lib.sh  # keep_min

ingest_start() {
  # shellcheck disable=SC1091
  source "${COSTAGG_CACHE:-$HOME/.cache/costagg}/env.sh"
  cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOSTAGG_DUCKDB_ROOT="$COSTAGG_DUCKDB_ROOT" \
    >/dev/null
  ninja -C build-bench costagg >/dev/null
  work=$(mktemp -d)
  trap ingest_cleanup EXIT
  python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q duckdb==1.4.4
}

ingest_cleanup() { if [ -z "${COSTAGG_BENCH_KEEP:-}" ]; then rm -rf "$work"; else echo "kept $work" >&2; fi; }

# Runs the command after $1 (a name) under GNU time and prints its wall, CPU and peak RSS; keeps the smallest wall
# in the variable named $1.
ingest_timed() {
  local best_var=$1 label=$2 wall user sys rss
  shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@"
  read -r wall user sys rss <"$work/time"
  echo "$label: $wall s wall, $(echo "$user + $sys" | bc) s CPU, $((rss / 1024)) MiB peak RSS," \
    "load $(cut -d" " -f1 /proc/loadavg)"
  keep_min "$best_var" "$wall"
}

ingest_measure() {
  local kind=$1 runs=$2 i ingest
  echo "input: $(du -sh "$work/in" | cut -f1) of CSV, $(find "$work/in" -name '*.csv' | wc -l) files"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m);" \
    "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  ingest=(build-bench/costagg ingest "$kind" --from "$work/in" --schema org1234567
    --source 11111111-2222-4333-8444-555555555555)
  best="" plain_best=""
  for i in $(seq 1 "$runs"); do
    rm -rf "$work/out" "$work/plain"
    ingest_timed best "costagg run $i" "${ingest[@]}" --to "$work/out" --log-level warning
    ingest_timed plain_best "duckdb plain run $i" "$work/venv/bin/python" bench/ingest_plain.py "$work/in" "$work/plain"
  done
  echo "ratio: $best / $plain_best = $(echo "scale=2; $best / $plain_best" | bc)x"
  rm -rf "$work/out"
  "${ingest[@]}" --to "$work/out" --log-level trace 2>"$work/trace.err" >/dev/null
  echo "statements at trace level (seconds, summed over the files):"
  sed -nE 's#^costagg: trace: (read CSV|ingest [a-z_]+) .* statement ([0-9]+ of [0-9]+) took ([0-9.]+) s$#\1\t\3#p' \
    "$work/trace.err" | awk -F'\t' '{if (!($1 in t)) o[n++] = $1; t[$1] += $2}
      END {for (i = 0; i < n; i++) printf "  %-40s %8.3f\n", o[i], t[o[i]]}'
}
