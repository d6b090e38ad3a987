#!/usr/bin/env python3
"""Expected rows of scenario 08 (python3 calc.py > expected.csv). Shared PV: request/usage divided by the node count."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

DAY = 24 * 3600
MONTH = 86400 * 31


def checks(rows):
    storage = [r for r in rows if r["data_source"] == "Storage"]
    assert len(storage) == 2, "one Storage row per node"
    n1 = km.pick(storage, node="node-1")
    n2 = km.pick(storage, node="node-2")
    for r in (n1, n2):
        km.check(r["persistentvolumeclaim_capacity_gigabyte"], 40.0, "capacity is not divided")
    # node-1 carries the claim rows of reader-a and reader-c: capacity seconds add up (2 x 40 GiB x 1 day), and
    # the request (50 GiB, the PV's) and usage (12 GiB) sums are divided by the 2 nodes mounting pv-shared.
    km.check(n1["persistentvolumeclaim_capacity_gigabyte_months"], 2 * 40 * DAY / MONTH)
    km.check(n1["volume_request_storage_gigabyte_months"], 2 * 50 * DAY / 2 / MONTH)
    km.check(n1["persistentvolumeclaim_usage_gigabyte_months"], 2 * 12 * DAY / 2 / MONTH)
    km.check(n2["persistentvolumeclaim_capacity_gigabyte_months"], 40 * DAY / MONTH)
    km.check(n2["volume_request_storage_gigabyte_months"], 50 * DAY / 2 / MONTH)
    km.check(n2["persistentvolumeclaim_usage_gigabyte_months"], 12 * DAY / 2 / MONTH)
    assert n1["volume_labels"] == {"app": "files", "zone": "1"} and n2["volume_labels"] == {"app": "files", "zone": "2"}
    pods1 = km.pick(rows, data_source="Pod", namespace="shared", node="node-1")
    km.check(pods1["pod_usage_cpu_core_hours"], 2 * 0.25 * 24, "reader-a and reader-c share one Pod row")
    km.check(pods1["node_capacity_cpu_core_hours"], 4 * 24, "node-1 listed twice: capacity is a per-hour max")


km.main(HERE, checks)
