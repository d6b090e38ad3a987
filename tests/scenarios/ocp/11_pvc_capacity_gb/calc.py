#!/usr/bin/env python3
"""Expected rows of scenario 11 (python3 calc.py > expected.csv). Capacity GB = bytes x 2^-30."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    for size in (10, 100, 1000):
        st = km.pick(rows, data_source="Storage", persistentvolumeclaim=f"claim-{size}g")
        km.check(st["persistentvolumeclaim_capacity_gigabyte"], size * GIB * 2 ** -30, f"{size} GiB")
        km.check(st["persistentvolumeclaim_capacity_gigabyte_months"], size / 31)
        km.check(st["volume_request_storage_gigabyte_months"], (size + 1) / 31)
        km.check(st["persistentvolumeclaim_usage_gigabyte_months"], size / 2 / 31)


km.main(HERE, checks)
