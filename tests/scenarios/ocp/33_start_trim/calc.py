#!/usr/bin/env python3
"""Expected rows of scenario 33 (python3 calc.py > expected.csv). The run starts at the first day with pod data."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    assert sorted({r["usage_start"] for r in rows}) == ["2025-10-02", "2025-10-03"], "nothing for Oct 1"
    st = km.pick(rows, data_source="Storage", usage_start="2025-10-02")
    assert st["node"] == "worker-1"
    km.check(st["volume_request_storage_gigabyte_months"], 100 / 31)


km.main(HERE, checks)
