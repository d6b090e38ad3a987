#!/usr/bin/env python3
"""Expected rows of scenario 16 (python3 calc.py > expected.csv). all_labels per row."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    pod = km.pick(rows, data_source="Pod", namespace="catalog")
    assert pod["all_labels"] == {"zone": "a", "team": "catalog", "app": "search", "version": "v2"}
    assert pod["all_labels"] == pod["pod_labels"] and pod["volume_labels"] is None
    st = km.pick(rows, data_source="Storage")
    assert st["all_labels"] == {"zone": "a", "team": "catalog", "app": "search-index", "backup": "nightly"}
    assert "version" not in st["all_labels"], "the pod's own labels do not reach the Storage row"
    assert km.pick(rows, namespace="Worker unallocated")["all_labels"] == {}


km.main(HERE, checks)
