#!/usr/bin/env python3
"""Expected rows of scenario 18 (python3 calc.py > expected.csv). Zero requests and near-zero usage."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    pod = km.pick(rows, data_source="Pod", namespace="quiet")
    assert pod["pod_request_cpu_core_hours"] == 0.0 and pod["pod_request_memory_gigabyte_hours"] == 0.0
    assert 0 < pod["pod_usage_cpu_core_hours"] < 1e-15, "stored as 0.000000000000000"
    km.check(pod["pod_effective_usage_cpu_core_hours"], pod["pod_usage_cpu_core_hours"], "max(~0, 0)")
    km.check(pod["pod_limit_cpu_core_hours"], 24.0)
    free = km.pick(rows, namespace="Worker unallocated")
    km.check(free["pod_request_cpu_core_hours"], 96.0, "nothing requested: all capacity unallocated")
    st = km.pick(rows, data_source="Storage")
    assert 0 < st["persistentvolumeclaim_usage_gigabyte_months"] < 1e-15
    km.check(st["persistentvolumeclaim_capacity_gigabyte_months"], 5 / 31)


km.main(HERE, checks)
