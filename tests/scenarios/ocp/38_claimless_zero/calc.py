#!/usr/bin/env python3
"""Expected rows of scenario 38 (python3 calc.py > expected.csv). Empty request/usage cells read as 0.0."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    st = km.pick(rows, data_source="Storage")
    assert (st["namespace"], st["persistentvolumeclaim"], st["node"]) == ("", "", "worker-1")
    assert st["volume_request_storage_gigabyte_months"] == 0.0, "0.0 / 1, not NULL"
    assert st["persistentvolumeclaim_usage_gigabyte_months"] == 0.0
    km.check(st["persistentvolumeclaim_capacity_gigabyte_months"], 8 / 31)
    pod = km.pick(rows, data_source="Pod", namespace="")
    km.check(pod["pod_usage_cpu_core_hours"], 12.0)


km.main(HERE, checks)
