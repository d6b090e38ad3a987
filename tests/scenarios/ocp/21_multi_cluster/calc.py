#!/usr/bin/env python3
"""Expected rows of scenario 21 (python3 calc.py > expected.csv). Two sources in one schema, no cross-talk."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    assert len(rows) == 2 * 2 * 3, "per cluster and day: Pod, Storage, Worker unallocated"
    for cluster, cores, usage, claim in (("east", 4, 0.5, 3), ("west", 8, 1.5, 7)):
        mine = [r for r in rows if r["cluster_id"] == f"scen-21-{cluster}"]
        assert len(mine) == 6
        pod = km.pick(mine, data_source="Pod", namespace="shop", usage_start="2025-10-02")
        km.check(pod["pod_usage_cpu_core_hours"], usage * 24)
        km.check(pod["cluster_capacity_cpu_core_hours"], cores * 24, "only this cluster's node")
        assert pod["pod_labels"] == {"app": "web", "cluster": cluster}
        st = km.pick(mine, data_source="Storage", usage_start="2025-10-02")
        km.check(st["persistentvolumeclaim_usage_gigabyte_months"], claim / 31, "same PV name, own usage")
        free = km.pick(mine, namespace="Worker unallocated", usage_start="2025-10-01")
        km.check(free["pod_usage_cpu_core_hours"], (cores - usage) * 24)


km.main(HERE, checks)
