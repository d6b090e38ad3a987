#!/usr/bin/env python3
"""Expected rows of scenario 09 (python3 calc.py > expected.csv). 29 days in February 2024, 31 in March."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    storage = [r for r in rows if r["data_source"] == "Storage"]
    assert [r["usage_start"] for r in storage] == ["2024-02-28", "2024-02-29", "2024-03-01"]
    for r in storage[:2]:
        km.check(r["persistentvolumeclaim_capacity_gigabyte_months"], 29 / 29, "a 29 GiB claim for 1 of 29 days")
        km.check(r["volume_request_storage_gigabyte_months"], 58 / 29)
        km.check(r["persistentvolumeclaim_usage_gigabyte_months"], 14.5 / 29)
    km.check(storage[2]["persistentvolumeclaim_capacity_gigabyte_months"], 29 / 31, "March has 31 days")
    km.check(storage[2]["volume_request_storage_gigabyte_months"], 58 / 31)
    km.check(storage[2]["persistentvolumeclaim_usage_gigabyte_months"], 14.5 / 31)
    assert len(rows) == 3 * 3, "Pod, Storage, Worker unallocated on each of the 3 days"


km.main(HERE, checks)
