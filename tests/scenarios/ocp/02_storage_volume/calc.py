#!/usr/bin/env python3
"""Expected rows of scenario 02 (python3 calc.py > expected.csv)."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE
MONTH_SECONDS = 86400 * 31  # October


def checks(rows):
    assert len(rows) == 3, rows  # Pod, Storage, Worker unallocated
    st = km.pick(rows, data_source="Storage")
    km.check(st["persistentvolumeclaim_capacity_gigabyte"], 10.0, "claim capacity 10 GiB")
    # 24 hourly rows: capacity 10 GiB x 3600 s, request = the VOLUME's 20 GiB x 3600 s, usage 4 GiB x 3600 s.
    km.check(st["persistentvolumeclaim_capacity_gigabyte_months"], 24 * 3600 * 10 * GIB / MONTH_SECONDS / GIB)
    km.check(st["volume_request_storage_gigabyte_months"], 20 / 31, "request 20 GiB for 1 of 31 days")
    km.check(st["persistentvolumeclaim_usage_gigabyte_months"], 4 / 31, "usage")
    assert st["node"] == "worker-1" and st["resource_id"] == "i-0a1b2c3d4e5f60002", "node from the mounting pod"
    # PV {app, backup:daily} then PVC {tier (disabled), backup:weekly}: the claim wins on backup.
    assert st["volume_labels"] == {"app": "db-volume", "backup": "weekly"}
    assert st["all_labels"] == st["volume_labels"] and st["pod_labels"] is None
    assert st["pod_usage_cpu_core_hours"] is None and st["node_capacity_cpu_core_hours"] is None
    assert (st["persistentvolumeclaim"], st["persistentvolume"], st["storageclass"]) == ("pgdata", "pv-db", "gp3-csi")


km.main(HERE, checks)
