#!/usr/bin/env python3
"""Expected rows of scenario 20 (python3 calc.py > expected.csv). PVCs without pods (Trino semantics)."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    orphan = km.pick(rows, data_source="Storage", persistentvolumeclaim="orphan-data")
    assert orphan["node"] is None and orphan["resource_id"] is None
    assert orphan["volume_request_storage_gigabyte_months"] is None, "sum / max(NULL node count) is NULL in Trino"
    assert orphan["persistentvolumeclaim_usage_gigabyte_months"] is None
    km.check(orphan["persistentvolumeclaim_capacity_gigabyte_months"], 10 / 31, "capacity is not divided")
    assert orphan["volume_labels"] == {"app": "orphan"}, "no node labels without a node"
    stale = km.pick(rows, data_source="Storage", persistentvolumeclaim="stale-data")
    assert stale["node"] is None
    km.check(stale["volume_request_storage_gigabyte_months"], 30 / 31, "pv-mixed is mounted on 1 node (app-1)")
    km.check(stale["persistentvolumeclaim_usage_gigabyte_months"], 4 / 31)
    live = km.pick(rows, data_source="Storage", persistentvolumeclaim="live-data")
    assert live["node"] == "worker-1" and live["volume_labels"] == {}
    unbound = km.pick(rows, data_source="Storage", persistentvolume="pv-unbound")
    assert unbound["namespace"] == "" and unbound["persistentvolumeclaim"] == "" and unbound["node"] is None
    km.check(unbound["persistentvolumeclaim_capacity_gigabyte"], 8.0, "capacity = the PV request")
    assert unbound["volume_request_storage_gigabyte_months"] is None and unbound["cost_category"] is None


km.main(HERE, checks)
