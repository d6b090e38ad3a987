#!/usr/bin/env python3
"""Expected rows of scenario 37 (python3 calc.py > expected.csv). Rows differing only in csi_volume_handle are not UNION duplicates."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    storage = [r for r in rows if r["data_source"] == "Storage"]
    assert len(storage) == 2 and storage[0] == storage[1], "two identical-looking rows"
    for st in storage:
        km.check(st["persistentvolumeclaim_capacity_gigabyte_months"], 10 * 12 / 24 / 31, "12 hours each")
        km.check(st["volume_request_storage_gigabyte_months"], 20 * 12 / 24 / 31)


km.main(HERE, checks)
