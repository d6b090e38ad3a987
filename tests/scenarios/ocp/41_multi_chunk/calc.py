#!/usr/bin/env python3
"""Expected rows of scenario 41 (python3 calc.py > expected.csv). Chunk boundaries neither drop nor repeat days."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

USAGE = {1: 0.1, 5: 0.5, 6: 0.6, 7: 0.7, 10: 1.0, 11: 1.1, 12: 1.2}


def checks(rows):
    assert len(rows) == 12 * 3
    for day in range(1, 13):
        pod = km.pick(rows, data_source="Pod", namespace="shop", usage_start=f"2025-10-{day:02d}")
        km.check(pod["pod_usage_cpu_core_hours"], USAGE.get(day, 0.3) * 24, f"day {day}")
        km.check(pod["pod_effective_usage_cpu_core_hours"], max(USAGE.get(day, 0.3), 0.5) * 24, f"day {day}")


km.main(HERE, checks)
