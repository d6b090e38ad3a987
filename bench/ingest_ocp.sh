#!/usr/bin/env bash
# Benchmark of `costagg ingest ocp` (issue 10): a large operator payload (bench/ingest_ocp_data.py: one day, PODS
# pods x 24 hours of pod_usage, ~0.8 GB of CSV at the default 83,334 pods, split into FILE_ROWS-row files as the
# operator splits its reports) -> Koku parquet on local disk. RUNS times back to back: costagg (GNU time: wall, CPU,
# peak RSS), then the limit: DuckDB's plain CSV -> parquet of the same files (python duckdb 1.4.4, one
# `COPY (SELECT * FROM read_csv(file)) TO 'N.parquet'` per file, sniffed types). Then one run at trace level for the
# time of each statement. Prints best costagg wall / best DuckDB wall.
#   bench/ingest_ocp.sh [PODS] [FILE_ROWS] [RUNS]
# Needs python3 (a venv with duckdb==1.4.4 is made in $work); COSTAGG_BENCH_KEEP=1 keeps the data.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pods=${1:-83334}
file_rows=${2:-250000}
runs=${3:-2}
# shellcheck source=bench/ingest_lib.sh
source bench/ingest_lib.sh
ingest_start
"$work/venv/bin/python" bench/ingest_ocp_data.py "$work/in" "$pods" 400 50 "$file_rows"
ingest_measure ocp "$runs"
