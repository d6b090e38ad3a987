#!/usr/bin/env python3
"""Expected rows of scenario 05 (python3 calc.py > expected.csv). Cluster capacity counts each node only in hours where it hosts pod rows."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    pods = [r for r in rows if r["namespace"].startswith("ns-")]
    assert len(pods) == 5
    for r in pods:
        km.check(r["cluster_capacity_cpu_core_hours"], 20 * 24 + 4 * 12, "480 for the four nodes + 48 for spot-1")
        km.check(r["cluster_capacity_memory_gigabyte_hours"], 80 * 24 + 16 * 12, "4 GiB per core")
    spot = km.pick(rows, namespace="ns-spot-1")
    km.check(spot["node_capacity_cpu_core_hours"], 4 * 12, "spot-1 has pod rows for 12 hours only")
    km.check(spot["pod_usage_cpu_core_hours"], 12.0, "12 hourly rows of 1 core")
    free = km.pick(rows, namespace="Worker unallocated", node="spot-1")
    km.check(free["pod_usage_cpu_core_hours"], 48 - 12, "spot-1 unallocated over its 12 hours")


km.main(HERE, checks)
