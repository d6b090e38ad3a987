#!/usr/bin/env python3
"""Expected rows of scenario 32 (python3 calc.py > expected.csv). Negative unallocated values are kept."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    free = km.pick(rows, namespace="Worker unallocated")
    km.check(free["pod_usage_cpu_core_hours"], 2 * 24 - 3 * 1.5 * 24, "-60")
    km.check(free["pod_request_cpu_core_hours"], 2 * 24 - 3 * 1 * 24, "-24")
    km.check(free["pod_effective_usage_cpu_core_hours"], 2 * 24 - 3 * 1.5 * 24)
    km.check(free["pod_usage_memory_gigabyte_hours"], 4 * 24 - 3 * 3 * 24, "-120")
    km.check(free["pod_request_memory_gigabyte_hours"], 4 * 24 - 3 * 2 * 24, "-48")


km.main(HERE, checks)
