#!/usr/bin/env python3
"""Expected rows of scenario 40 (python3 calc.py > expected.csv). Three runs, one set of rows."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    assert len(rows) == 3 * 3, "Pod, Storage, unallocated on Oct 1..3, once"
    for day in ("2025-10-01", "2025-10-02", "2025-10-03"):
        km.pick(rows, data_source="Storage", usage_start=day)


km.main(HERE, checks)
