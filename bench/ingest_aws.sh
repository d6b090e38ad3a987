#!/usr/bin/env bash
# Benchmark of `costagg ingest aws` (issue 10): a large AWS CUR (bench/ingest_aws_data.py: one month, RESOURCES
# resources x 720 hours of line items, ~0.8 GB of CSV and 2M rows at the default 2,778 resources, in report files
# of at most FILE_ROWS rows; the default is one file) -> Koku parquet on local disk. RUNS times back to back:
# costagg (GNU time: wall, CPU, peak RSS), then the limit: DuckDB's plain CSV -> parquet of the same files
# (python duckdb 1.4.4, one `COPY (SELECT * FROM read_csv(file)) TO 'N.parquet'` per file, sniffed types). Then
# one run at trace level for the time of each statement. Prints best costagg wall / best DuckDB wall.
#   bench/ingest_aws.sh [RESOURCES] [FILE_ROWS] [RUNS]
# Needs python3 (a venv with duckdb==1.4.4 is made in $work); COSTAGG_BENCH_KEEP=1 keeps the data.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
resources=${1:-2778}
file_rows=${2:-3000000}
runs=${3:-2}
# shellcheck disable=SC1091
source "${COSTAGG_CACHE:-$HOME/.cache/costagg}/env.sh"
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOSTAGG_DUCKDB_ROOT="$COSTAGG_DUCKDB_ROOT" >/dev/null
ninja -C build-bench costagg >/dev/null
work=$(mktemp -d)
cleanup() { if [ -z "${COSTAGG_BENCH_KEEP:-}" ]; then rm -rf "$work"; else echo "kept $work" >&2; fi; }
trap cleanup EXIT
python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q duckdb==1.4.4
"$work/venv/bin/python" bench/ingest_aws_data.py "$work/in" "$resources" "$file_rows"
echo "input: $(du -sh "$work/in" | cut -f1) of CSV, $(find "$work/in" -name '*.csv' | wc -l) files"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m);" \
  "load: $(cut -d' ' -f1-3 /proc/loadavg)"
cat >"$work/plain.py" <<'PY'
import duckdb, glob, os, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
con = duckdb.connect()
for i, f in enumerate(sorted(glob.glob(os.path.join(src, '**', '*.csv'), recursive=True))):
    con.execute(f"COPY (SELECT * FROM read_csv('{f}')) TO '{dst}/{i}.parquet' (FORMAT parquet)")
PY
ingest=(build-bench/costagg ingest aws --from "$work/in" --schema org1234567
  --source 11111111-2222-4333-8444-555555555555)
best="" plain_best=""
keep_min() { if [ -z "${!1}" ] || [ "$(echo "$2 < ${!1}" | bc)" = 1 ]; then printf -v "$1" '%s' "$2"; fi; }
for i in $(seq 1 "$runs"); do
  rm -rf "$work/out" "$work/plain"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "${ingest[@]}" --to "$work/out" --log-level warning
  read -r wall user sys rss <"$work/time"
  echo "costagg run $i: $wall s wall, $(echo "$user + $sys" | bc) s CPU, $((rss / 1024)) MiB peak RSS, load $(cut -d" " -f1 /proc/loadavg)"
  keep_min best "$wall"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$work/venv/bin/python" "$work/plain.py" "$work/in" "$work/plain"
  read -r wall user sys rss <"$work/time"
  echo "duckdb plain run $i: $wall s wall, $(echo "$user + $sys" | bc) s CPU, $((rss / 1024)) MiB peak RSS, load $(cut -d" " -f1 /proc/loadavg)"
  keep_min plain_best "$wall"
done
echo "ratio: $best / $plain_best = $(echo "scale=2; $best / $plain_best" | bc)x"
rm -rf "$work/out"
"${ingest[@]}" --to "$work/out" --log-level trace 2>"$work/trace.err" >/dev/null
echo "statements at trace level (seconds, summed over the files):"
sed -nE 's#^costagg: trace: (read CSV|ingest aws) .* statement ([0-9]+ of [0-9]+) took ([0-9.]+) s$#\1\t\3#p' \
  "$work/trace.err" | awk -F'\t' '{if (!($1 in t)) o[n++] = $1; t[$1] += $2}
    END {for (i = 0; i < n; i++) printf "  %-40s %8.3f\n", o[i], t[o[i]]}'
