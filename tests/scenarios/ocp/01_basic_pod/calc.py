#!/usr/bin/env python3
"""Expected rows of scenario 01 (python3 calc.py > expected.csv). The model (../koku_model.py) produces every
row; the checks below recompute the headline numbers by hand from nise.yml."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402


def checks(rows):
    assert len(rows) == 2, rows
    pod = km.pick(rows, data_source="Pod", namespace="shop")
    # 24 hourly rows of pod_seconds 3600: usage 0.5 core, request 1, limit 2; memory 1 / 2 / 4 GiB.
    km.check(pod["pod_usage_cpu_core_hours"], 24 * 3600 * 0.5 / 3600, "cpu usage = 12")
    km.check(pod["pod_request_cpu_core_hours"], 24.0, "cpu request")
    km.check(pod["pod_effective_usage_cpu_core_hours"], 24 * max(0.5, 1), "effective = hourly max(usage, request)")
    km.check(pod["pod_limit_cpu_core_hours"], 48.0, "cpu limit")
    km.check(pod["pod_usage_memory_gigabyte_hours"], 24.0, "memory usage")
    km.check(pod["pod_request_memory_gigabyte_hours"], 48.0, "memory request")
    km.check(pod["pod_effective_usage_memory_gigabyte_hours"], 48.0, "memory effective")
    km.check(pod["pod_limit_memory_gigabyte_hours"], 96.0, "memory limit")
    km.check(pod["node_capacity_cpu_cores"], 4.0, "cores")
    km.check(pod["node_capacity_cpu_core_hours"], 4 * 24, "node core-hours")
    km.check(pod["node_capacity_memory_gigabytes"], 16.0, "node GiB")
    km.check(pod["node_capacity_memory_gigabyte_hours"], 16 * 24, "node GiB-hours")
    km.check(pod["cluster_capacity_cpu_core_hours"], 96.0, "one node: cluster = node")
    km.check(pod["cluster_capacity_memory_gigabyte_hours"], 384.0, "cluster GiB-hours")
    assert pod["pod_labels"] == {"app": "web"}, "only the enabled key survives"
    assert pod["resource_id"] == "i-0a1b2c3d4e5f60001", "nise prefixes i-"
    free = km.pick(rows, namespace="Worker unallocated")
    km.check(free["pod_usage_cpu_core_hours"], 96 - 12, "unallocated usage")
    km.check(free["pod_request_cpu_core_hours"], 96 - 24, "unallocated request")
    km.check(free["pod_effective_usage_cpu_core_hours"], 96 - 24, "unallocated effective")
    km.check(free["pod_usage_memory_gigabyte_hours"], 384 - 24, "unallocated memory usage")
    km.check(free["pod_request_memory_gigabyte_hours"], 384 - 48, "unallocated memory request")
    assert free["pod_limit_cpu_core_hours"] is None and free["pod_labels"] is None
    assert free["all_labels"] == {} and free["infrastructure_usage_cost"] is None
    assert free["cost_category"] is None, "no seeded pattern matches 'Worker unallocated'"


km.main(HERE, checks)
