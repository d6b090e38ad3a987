#!/usr/bin/env python3
"""Expected rows of scenario 10 (python3 calc.py > expected.csv). Categories on Storage rows."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    for data_source in ("Pod", "Storage"):
        assert km.pick(rows, data_source=data_source, namespace="openshift-storage")["cost_category"] == "Platform"
        assert km.pick(rows, data_source=data_source, namespace="data-lake")["cost_category"] == "Data"
        assert km.pick(rows, data_source=data_source, namespace="misc")["cost_category"] is None
    st = km.pick(rows, data_source="Storage", namespace="data-lake")
    km.check(st["volume_request_storage_gigabyte_months"], 10 / 31, "request of the 10 GiB PV")
    assert st["volume_labels"] == {"zone": "a"}, "node labels reach Storage rows through the mounting pod's node"


km.main(HERE, checks)
