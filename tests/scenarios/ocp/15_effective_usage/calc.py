#!/usr/bin/env python3
"""Expected rows of scenario 15 (python3 calc.py > expected.csv). Effective usage is summed from per-pod hourly maxima."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    d1 = km.pick(rows, data_source="Pod", namespace="batch", usage_start="2025-10-01")
    km.check(d1["pod_usage_cpu_core_hours"], (0.5 + 1.5) * 24)
    km.check(d1["pod_request_cpu_core_hours"], (1 + 1) * 24)
    km.check(d1["pod_effective_usage_cpu_core_hours"], (max(0.5, 1) + max(1.5, 1)) * 24, "60, not max(48, 48)")
    km.check(d1["pod_effective_usage_memory_gigabyte_hours"], (max(1, 4) + max(5, 2)) * 24, "216")
    d2 = km.pick(rows, data_source="Pod", namespace="batch", usage_start="2025-10-02")
    km.check(d2["pod_effective_usage_cpu_core_hours"], (2 + 1.5) * 24, "usage wins for both pods")
    km.check(d2["pod_effective_usage_memory_gigabyte_hours"], (6 + 5) * 24)
    free = km.pick(rows, namespace="Worker unallocated", usage_start="2025-10-01")
    km.check(free["pod_effective_usage_cpu_core_hours"], 8 * 24 - 60)


km.main(HERE, checks)
