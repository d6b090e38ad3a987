#!/usr/bin/env python3
"""The limit of the ingest benchmarks (issue 10): DuckDB's plain CSV -> parquet of every CSV under SRC, one
`COPY (SELECT * FROM read_csv(file)) TO 'DST/N.parquet' (FORMAT parquet)` per file, types sniffed, one
connection, default threads. Prints the seconds it took.
    bench/ingest_plain.py SRC DST
Needs the duckdb Python package (1.4)."""
import glob
import os
import sys
import time

import duckdb

src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
start = time.monotonic()
con = duckdb.connect()
for i, f in enumerate(sorted(glob.glob(os.path.join(src, "**", "*.csv"), recursive=True))):
    con.execute(f"COPY (SELECT * FROM read_csv('{f}')) TO '{dst}/{i}.parquet' (FORMAT parquet)")
print(f"plain: {time.monotonic() - start:.3f} s")
