#!/usr/bin/env python3
"""Expected rows of scenario 14 (python3 calc.py > expected.csv). Empty label sets are {} (not NULL)."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    assert km.pick(rows, data_source="Pod", pod_labels={})["pod_usage_cpu_core_hours"] == 12.0
    partial = km.pick(rows, data_source="Pod", pod_labels={"app": "partial"})
    km.check(partial["pod_usage_cpu_core_hours"], 6.0, "partial-1 alone")
    st = km.pick(rows, data_source="Storage")
    assert st["volume_labels"] == {} and st["all_labels"] == {} and st["pod_labels"] is None
    free = km.pick(rows, namespace="Worker unallocated")
    assert free["pod_labels"] is None and free["volume_labels"] is None and free["all_labels"] == {}


km.main(HERE, checks)
