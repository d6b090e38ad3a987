#!/usr/bin/env python3
"""Expected rows of scenario 27 (python3 calc.py > expected.csv). Label changes within a day duplicate rows."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

D1, D2 = "2025-10-01", "2025-10-02"


def checks(rows):
    day1 = [r for r in rows if r["usage_start"] == D1]
    for pool in ("blue", "green"):
        web = km.pick(day1, namespace="shop", data_source="Pod",
                      pod_labels={"pool": pool, "tier": "gold", "app": "web"})
        km.check(web["pod_usage_cpu_core_hours"], 0.5 * 24, f"full day's usage on the {pool} row")
        st = km.pick(day1, data_source="Storage", volume_labels={"pool": pool, "tier": "gold"})
        km.check(st["persistentvolumeclaim_capacity_gigabyte_months"], 10 / 31, "storage duplicated too")
        for tier in ("silver", "bronze"):
            ops = km.pick(day1, namespace="ops", pod_labels={"pool": pool, "tier": tier, "app": "ops"})
            km.check(ops["pod_usage_cpu_core_hours"], 24.0, "2 node x 2 namespace label sets = 4 rows")
    pinned = km.pick(day1, namespace="shop", pod_labels={"pool": "pinned", "tier": "gold", "app": "pinned"})
    km.check(pinned["pod_usage_cpu_core_hours"], 2 * 0.25 * 24, "both joined copies land in one group")
    free1 = km.pick(day1, namespace="Worker unallocated")
    km.check(free1["pod_usage_cpu_core_hours"], 8 * 24 - (2 * 12 + 2 * 6 + 4 * 24), "duplicates subtracted")
    day2 = [r for r in rows if r["usage_start"] == D2]
    assert len(day2) == 5, "web, pinned, ops, storage, unallocated: a disabled key change duplicates nothing"
    free2 = km.pick(day2, namespace="Worker unallocated")
    km.check(free2["pod_usage_cpu_core_hours"], 8 * 24 - (12 + 6 + 24))


km.main(HERE, checks)
