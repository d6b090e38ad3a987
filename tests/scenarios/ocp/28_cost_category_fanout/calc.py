#!/usr/bin/env python3
"""Expected rows of scenario 28 (python3 calc.py > expected.csv). Pattern fan-out multiplies sums and unallocated rows."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    mon = km.pick(rows, data_source="Pod", namespace="openshift-monitoring")
    km.check(mon["pod_usage_cpu_core_hours"], 3 * 0.25 * 24, "three matching patterns: summed three times")
    assert mon["cost_category"] == "Observability", "max(cost_category_id) = 3"
    st = km.pick(rows, data_source="Storage")
    km.check(st["persistentvolumeclaim_capacity_gigabyte_months"], 3 * 10 / 31)
    km.check(st["persistentvolumeclaim_capacity_gigabyte"], 10.0, "max is not multiplied")
    platform = [r for r in rows if r["namespace"] == "Platform unallocated"]
    assert sorted(r["cost_category"] for r in platform) == ["Platform", "Unallocated"], "one row per pattern"
    for r in platform:
        km.check(r["pod_usage_cpu_core_hours"], 8 * 24 - (0.5 * 24 + 3 * 0.25 * 24), "tripled row subtracted")
    worker = km.pick(rows, namespace="Worker unallocated")
    assert worker["cost_category"] == "Unallocated"


km.main(HERE, checks)
