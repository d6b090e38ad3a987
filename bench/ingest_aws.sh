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
# shellcheck source=bench/ingest_lib.sh
source bench/ingest_lib.sh
ingest_start
"$work/venv/bin/python" bench/ingest_aws_data.py "$work/in" "$resources" "$file_rows"
ingest_measure aws "$runs"
