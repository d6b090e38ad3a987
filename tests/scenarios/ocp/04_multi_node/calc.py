#!/usr/bin/env python3
"""Expected rows of scenario 04 (python3 calc.py > expected.csv). Capacity per node, cluster capacity summed over nodes."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    assert len(rows) == 6, rows
    for i, (cores, mem) in enumerate([(2, 8), (4, 16), (8, 32)], 1):
        pod = km.pick(rows, namespace=f"team-{i}")
        km.check(pod["node_capacity_cpu_cores"], cores, f"node {i} cores")
        km.check(pod["node_capacity_cpu_core_hours"], cores * 24, f"node {i} core-hours")
        km.check(pod["node_capacity_memory_gigabytes"], mem, f"node {i} GiB")
        km.check(pod["node_capacity_memory_gigabyte_hours"], mem * 24, f"node {i} GiB-hours")
        km.check(pod["cluster_capacity_cpu_core_hours"], (2 + 4 + 8) * 24, "cluster core-hours on every row")
        km.check(pod["cluster_capacity_memory_gigabyte_hours"], (8 + 16 + 32) * 24, "cluster GiB-hours")
        assert pod["pod_labels"] == {"app": f"app-{i}", "size": f"s{i}"}, "node label merged under pod labels"
        free = km.pick(rows, namespace="Worker unallocated", node=f"worker-{i}")
        km.check(free["pod_request_cpu_core_hours"], cores * 24 - cores / 4 * 24, f"node {i} unrequested")


km.main(HERE, checks)
