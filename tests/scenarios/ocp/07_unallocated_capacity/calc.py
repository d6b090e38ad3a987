#!/usr/bin/env python3
"""Expected rows of scenario 07 (python3 calc.py > expected.csv). Unallocated = node capacity - sums over the node's Pod rows, per day."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

import datetime as dt


def checks(rows):
    assert len(rows) == 2 * (6 + 3), len(rows)
    day2 = "2025-10-02"
    m = km.pick(rows, namespace="Platform unallocated", node="master-1", usage_start=day2)
    # day 2 on master-1: apiserver 1.5 core + etcd 0.75 core (per-date key), 8 cores x 24 h.
    km.check(m["pod_usage_cpu_core_hours"], 8 * 24 - (1.5 + 0.75) * 24, "master usage")
    km.check(m["pod_request_cpu_core_hours"], 8 * 24 - (2 + 1) * 24, "master request")
    km.check(m["pod_effective_usage_cpu_core_hours"], 8 * 24 - (max(1.5, 2) + max(0.75, 1)) * 24, "master eff.")
    assert m["cost_category"] == "Platform", "seed pattern 'Platform unallocated'"
    i = km.pick(rows, namespace="Platform unallocated", node="infra-1", usage_start=day2)
    km.check(i["pod_usage_memory_gigabyte_hours"], 16 * 24 - (0.5 + 6) * 24, "infra memory on day 2")
    km.check(i["pod_request_memory_gigabyte_hours"], 16 * 24 - (1 + 4) * 24, "infra memory request")
    km.check(i["pod_effective_usage_memory_gigabyte_hours"], 16 * 24 - (1 + 6) * 24, "infra memory eff.")
    w1 = km.pick(rows, namespace="Worker unallocated", usage_start="2025-10-01")
    km.check(w1["pod_usage_cpu_core_hours"], 4 * 24 - (1.25 + 0.1) * 24, "worker day 1: app-b uses 0.1")
    w2 = km.pick(rows, namespace="Worker unallocated", usage_start=day2)
    km.check(w2["pod_usage_cpu_core_hours"], 4 * 24 - (1.25 + 2) * 24, "worker day 2: app-b uses 2")
    assert w2["cost_category"] is None
    for r in rows:
        if r["namespace"].endswith("unallocated"):
            km.check(r["cluster_capacity_cpu_core_hours"], 16 * 24, "cluster capacity carried over")


km.main(HERE, checks)
