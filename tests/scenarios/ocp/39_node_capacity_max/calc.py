#!/usr/bin/env python3
"""Expected rows of scenario 39 (python3 calc.py > expected.csv). Per-hour max capacity across pod rows."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    old = km.pick(rows, data_source="Pod", namespace="old-view")
    new = km.pick(rows, data_source="Pod", namespace="new-view")
    for r in (old, new):
        km.check(r["node_capacity_cpu_core_hours"], 8 * 24, "max(4, 4, 4, 8) per hour, not 4+4+4+8")
        km.check(r["node_capacity_memory_gigabyte_hours"], 32 * 24)
        km.check(r["cluster_capacity_cpu_core_hours"], 8 * 24)
    km.check(old["node_capacity_cpu_cores"], 4.0, "max over the old-view rows only")
    km.check(new["node_capacity_cpu_cores"], 8.0)
    free = km.pick(rows, namespace="Worker unallocated")
    km.check(free["node_capacity_cpu_cores"], 8.0)
    km.check(free["pod_usage_cpu_core_hours"], 8 * 24 - 4 * 0.25 * 24)


km.main(HERE, checks)
