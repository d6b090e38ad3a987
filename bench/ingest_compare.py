#!/usr/bin/env python3
"""Compares two `costagg ingest` outputs (bench/ingest_ocp.sh, bench/ingest_aws.sh): the same parquet objects,
each with the same schema, the same rows in the same order. Columns named in IGNORE (comma list; default
row_uuid, random by design) are left out of the row comparison. Exit 1 on a difference.
    bench/ingest_compare.py BEFORE_DIR AFTER_DIR [IGNORE]
Needs the duckdb Python package (1.4)."""
import os
import sys

import duckdb

before, after = sys.argv[1], sys.argv[2]
ignore = set((sys.argv[3] if len(sys.argv) > 3 else "row_uuid").split(","))


def objects(root):
    found = set()
    for d, _, files in os.walk(root):
        found.update(os.path.relpath(os.path.join(d, f), root) for f in files if f.endswith(".parquet"))
    return found


con = duckdb.connect()
a, b = objects(before), objects(after)
bad = 0
for name in sorted(a ^ b):
    print(f"only in {'before' if name in a else 'after'}: {name}")
    bad += 1
rows = 0
for name in sorted(a & b):
    pa, pb = os.path.join(before, name), os.path.join(after, name)
    sa = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{pa}')").fetchall()
    sb = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{pb}')").fetchall()
    if sa != sb:
        print(f"schema differs: {name}")
        bad += 1
        continue
    cols = ", ".join(f'"{c[0]}"' for c in sa if c[0] not in ignore)
    q = lambda p: f"SELECT row_number() OVER () AS __n, {cols} FROM read_parquet('{p}')"
    diff = con.execute(f"SELECT count(*) FROM (({q(pa)} EXCEPT ALL {q(pb)}) UNION ALL ({q(pb)} EXCEPT ALL {q(pa)}))").fetchone()[0]
    n = con.execute(f"SELECT count(*) FROM read_parquet('{pa}')").fetchone()[0]
    rows += n
    if diff:
        print(f"rows differ: {name} ({diff} rows)")
        bad += 1
print(f"{len(a & b)} objects, {rows} rows compared; {bad} differences")
sys.exit(1 if bad else 0)
