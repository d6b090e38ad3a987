#!/usr/bin/env python3
"""Expected rows of scenario 25 (python3 calc.py > expected.csv). Disabled keys are filtered; pods differing only in them merge."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    assert len(rows) == 2
    pod = km.pick(rows, data_source="Pod", namespace="shop")
    assert pod["pod_labels"] == {"app": "web"}
    km.check(pod["pod_usage_cpu_core_hours"], (0.5 + 0.75) * 24, "web-red and web-blue in one row")


km.main(HERE, checks)
