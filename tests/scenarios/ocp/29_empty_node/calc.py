#!/usr/bin/env python3
"""Expected rows of scenario 29 (python3 calc.py > expected.csv). Empty node names."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    assert len(rows) == 3, "shop Pod row, its unallocated row, the limbo Storage row"
    web = km.pick(rows, data_source="Pod", namespace="shop")
    km.check(web["cluster_capacity_cpu_core_hours"], (4 + 2) * 24, "node '' still counts in the cluster")
    st = km.pick(rows, data_source="Storage")
    assert st["node"] == "" and st["resource_id"] == "i-0a1b2c3d4e5f60292"
    assert st["volume_labels"] == {"zone": "unknown"}, "node-label rows of node '' join too"
    km.check(st["volume_request_storage_gigabyte_months"], 10 / 31, "'' counts as one node")


km.main(HERE, checks)
