#!/usr/bin/env python3
"""Expected rows of scenario 30 (python3 calc.py > expected.csv). Trino: array || NULL is NULL, so no label survives."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    pod = km.pick(rows, data_source="Pod", namespace="vms")
    assert pod["pod_labels"] == {} and pod["all_labels"] == {}
    km.check(pod["pod_usage_cpu_core_hours"], (1 + 0.5) * 24, "both pods in the one {} row")
    st = km.pick(rows, data_source="Storage")
    assert st["volume_labels"] == {}, "vm_kubevirt_io_name dropped as well"


km.main(HERE, checks)
