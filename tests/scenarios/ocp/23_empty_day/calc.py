#!/usr/bin/env python3
"""Expected rows of scenario 23 (python3 calc.py > expected.csv). No rows on a day without data."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    assert sorted({r["usage_start"] for r in rows}) == ["2025-10-01", "2025-10-03"]
    assert len(rows) == 2 * 3
    km.check(km.pick(rows, data_source="Pod", namespace="shop", usage_start="2025-10-03")["pod_usage_cpu_core_hours"],
             36.0)


km.main(HERE, checks)
