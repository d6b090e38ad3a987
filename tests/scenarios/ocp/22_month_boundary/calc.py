#!/usr/bin/env python3
"""Expected rows of scenario 22 (python3 calc.py > expected.csv). October and November summarised separately."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    night = [r for r in rows if r["namespace"] == "nightly"]
    assert [r["usage_start"] for r in night] == ["2025-10-31", "2025-11-01"]
    for r in night:
        km.check(r["pod_usage_cpu_core_hours"], 4 * 6, "hours 20..23 in October, 00..03 in November")
        km.check(r["node_capacity_cpu_core_hours"], 4 * 8, "batch-1 exists for 4 hours each day")
    oct31 = km.pick(rows, data_source="Pod", namespace="billing", usage_start="2025-10-31")
    km.check(oct31["pod_usage_cpu_core_hours"], 1.5 * 24, "per-date usage")
    km.check(oct31["cluster_capacity_cpu_core_hours"], 4 * 24 + 8 * 4)
    nov2 = km.pick(rows, data_source="Pod", namespace="billing", usage_start="2025-11-02")
    km.check(nov2["pod_usage_cpu_core_hours"], 0.5 * 24, "full_period")
    km.check(nov2["cluster_capacity_cpu_core_hours"], 4 * 24)
    for day, days_in_month in (("2025-10-30", 31), ("2025-10-31", 31), ("2025-11-01", 30), ("2025-11-02", 30)):
        st = km.pick(rows, data_source="Storage", usage_start=day)
        km.check(st["persistentvolumeclaim_capacity_gigabyte_months"], 60 / days_in_month, day)
        km.check(st["volume_request_storage_gigabyte_months"], 62 / days_in_month, day)
        km.check(st["persistentvolumeclaim_usage_gigabyte_months"], 30 / days_in_month, day)


km.main(HERE, checks)
