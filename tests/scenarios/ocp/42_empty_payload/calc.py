#!/usr/bin/env python3
"""Expected rows of scenario 42 (python3 calc.py > expected.csv). An empty November payload adds nothing."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    assert {r["usage_start"] for r in rows} == {"2025-10-31"} and len(rows) == 3
    km.check(km.pick(rows, data_source="Pod", namespace="shop")["pod_usage_cpu_core_hours"], 12.0, "all 24 hours")


km.main(HERE, checks)
