#!/usr/bin/env python3
"""Expected rows of scenario 24 (python3 calc.py > expected.csv). Zero-capacity and pod-less nodes."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    assert len(rows) == 4, "Pod + unallocated for worker-1 and zero-1; nothing for idle-1"
    assert not [r for r in rows if r["node"] == "idle-1"]
    tiny = km.pick(rows, data_source="Pod", namespace="edge")
    for column in ("node_capacity_cpu_cores", "node_capacity_cpu_core_hours", "node_capacity_memory_gigabytes",
                   "pod_request_cpu_core_hours", "pod_limit_cpu_core_hours", "pod_usage_cpu_core_hours"):
        assert tiny[column] == 0.0, column
    km.check(tiny["cluster_capacity_cpu_core_hours"], 4 * 24, "worker-1 + zero-1 (0); idle-1 has no pod rows")
    free = km.pick(rows, namespace="Worker unallocated", node="zero-1")
    assert free["pod_usage_cpu_core_hours"] == 0.0 and free["node_capacity_cpu_core_hours"] == 0.0


km.main(HERE, checks, negligible_pods={"tiny-1"})
