#!/usr/bin/env python3
"""Expected rows of scenario 35 (python3 calc.py > expected.csv). Storage node comes from the pod."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    st = km.pick(rows, data_source="Storage")
    assert (st["node"], st["resource_id"]) == ("compute-2", "i-0a1b2c3d4e5f60352")
    assert st["volume_labels"] == {"disk": "none", "pool": "compute"}
    assert not [r for r in rows if r["node"] == "storage-1"], "storage-1 has no pods: no rows"


km.main(HERE, checks)
